"""Bulk import of case files (docs/case-format.md), streaming, by batches.

* ``rows``: each record is checked, its names resolved, its caller encrypted and hashed, and it
  becomes a line of COPY text (in other processes for large files: ``pipeline``); rows the
  database holds already, known by their digest (``digests``), are counted without that work;
* ``writing``: each batch is one transaction: new numbers are copied into ``hotline_case``,
  numbers already present are updated by an upsert unless their file row is unchanged;
* ``history``: each imported or changed case gets one ``imported`` event holding the history
  its row tells (dispatches, returns, contact, result, call-back, closing).

Every row is accounted for: imported, updated (or unchanged), or rejected with its line and
reason. A batch PostgreSQL refuses is written again row by row, so a refused row is rejected
alone and no row is ever half-applied.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from minsheng.audit.actions import record as audit
from minsheng.hotline.importing.history import history_steps, status_of
from minsheng.hotline.importing.lookups import Lookups
from minsheng.hotline.importing.pipeline import batches
from minsheng.hotline.importing.reports import (
    Summary,
    personal_columns_of,
    report_paths,
    summary_lines,
    write_rejected,
    write_reports,
)
from minsheng.hotline.importing.writing import BatchWriter

__all__ = [
    "BATCH_SIZE",
    "Summary",
    "estimate_rows",
    "history_steps",
    "import_cases",
    "report_paths",
    "status_of",
    "summary_lines",
    "write_rejected",
    "write_reports",
]

BATCH_SIZE = 5000


def import_cases(
    path: Path | str,
    *,
    actor: Any = None,
    batch_size: int = BATCH_SIZE,
    on_progress: Callable[[int], None] | None = None,
    regions: list[str] | None = None,
    parallel: bool | None = None,
) -> Summary:
    """Import ``path``.

    ``regions``: the region paths whose cases may be imported (rows elsewhere, or without a
    place, are rejected); None for everywhere. ``parallel`` forces (or forbids) preparing rows
    in other processes.
    """
    path = Path(path)
    summary = Summary(path=str(path), withheld_columns=personal_columns_of(path))
    now = timezone.now()
    writer = BatchWriter(
        now=now.isoformat(), source=path.name, actor=actor, reject=summary.rejected.append
    )
    lookups = Lookups()
    prepared = batches(
        path, lookups, now=now, batch_size=batch_size, regions=regions, parallel=parallel
    )
    with closing(prepared):
        for batch in prepared:
            summary.rejected.extend(batch.rejected)
            summary.notices.extend(batch.notices)
            summary.withheld_cells += batch.withheld
            written = writer.write(batch.rows, unchanged=batch.unchanged, span=batch.span)
            summary.imported += written.imported
            summary.updated += written.updated + written.unchanged
            summary.unchanged += written.unchanged
            summary.events += written.events
            if on_progress:
                on_progress(batch.read)
    # Rows prepared in several processes arrive by share: the report lists them in file order.
    summary.rejected.sort(key=lambda error: error.line)
    summary.notices.sort(key=lambda notice: notice.line)
    with transaction.atomic():
        audit(action="hotline.import_cases", target=None, actor=actor, after=summary.as_dict())
    return summary


def estimate_rows(path: Path) -> int | None:
    """Lines in a CSV file, less the header (a cell may hold a line break: an estimate, at
    least the number of rows); None for a workbook."""
    if path.suffix.lower() != ".csv":
        return None
    count, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    lines = count + (last != b"\n")  # the last line may lack its line end
    return max(lines - 1, 0)
