"""Where a run's cases come from: an uploaded file, a file in the input folder, the database."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from minsheng.cases.partitions import CaseFile
from minsheng.monthly.models import SelectionRun
from minsheng.monthly.selection.corpus import range_bounds

SUFFIXES = {".csv", ".xlsx"}


def input_directory() -> Path:
    """Files that analysts put on the server for the page (``MONTHLY_INPUT_DIR``)."""
    configured = getattr(settings, "MONTHLY_INPUT_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "monthly" / "inputs"


def server_files() -> list[str]:
    folder = input_directory()
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def database_available() -> bool:
    """The hotline's case tables and their reader are installed."""
    return importlib.util.find_spec("minsheng.hotline.records") is not None


def records(run: SelectionRun) -> tuple[Iterable[object], int]:
    """The run's cases and an estimate of how many rows will be read (for progress)."""
    if run.source == SelectionRun.Source.DATABASE:
        from minsheng.hotline.models import Case
        from minsheng.hotline.records import case_records

        start, end = range_bounds(run.period_start, run.period_end)
        cases = Case.objects.filter(received_at__gte=start, received_at__lt=end)
        return case_records(cases), cases.count()
    path = Path(run.source_path)
    return CaseFile(path), _rows(path)  # parsed on the workers when on Dask


def _rows(path: Path) -> int:
    """Rows of a file without parsing it: lines of a CSV, the sheet's size of an XLSX."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        try:
            return max((workbook.worksheets[0].max_row or 1) - 1, 0)
        finally:
            workbook.close()
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return max(lines - 1, 0)


def period_of(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
