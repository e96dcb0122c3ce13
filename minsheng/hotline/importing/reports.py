"""What an import did with every row: the summary and the file of rejected rows."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from minsheng.cases.casefile import (
    CaseFileError,
    RowError,
    UnreadableRow,
    header_mapping,
    read_header,
    read_rows,
)
from minsheng.core.spreadsheets import csv_row
from minsheng.hotline.importing import personal


@dataclass
class Summary:
    """What happened to every row of the file."""

    path: str
    imported: int = 0
    updated: int = 0  # numbers already present, whether the row changed the case or not
    unchanged: int = 0  # of those, rows identical to the last import of the case
    rejected: list[RowError] = field(default_factory=list)
    events: int = 0
    # Rows imported with a remark (a case number repeated later in the file).
    notices: list[RowError] = field(default_factory=list)
    # Personal data outside the caller's columns, not stored (see ``personal``).
    withheld_columns: list[str] = field(default_factory=list)
    withheld_cells: int = 0

    @property
    def rows(self) -> int:
        return self.imported + self.updated + len(self.rejected)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "rows": self.rows,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
            "events": self.events,
            "repeated_numbers": len(self.notices),
            "withheld_columns": self.withheld_columns,
            "withheld_cells": self.withheld_cells,
        }


def report_paths(path: Path, directory: Path | None = None) -> tuple[Path, Path]:
    """(summary, rejected rows) next to the file, or in ``directory``."""
    folder = directory or path.parent
    return folder / f"{path.name}.summary.txt", folder / f"{path.name}.rejected.csv"


def write_reports(summary: Summary, directory: Path | None = None) -> tuple[Path, Path]:
    path = Path(summary.path)
    summary_path, rejected_path = report_paths(path, directory)
    write_rejected(summary, rejected_path)
    lines = [
        *summary_lines(summary),
        _("Rejected rows: %(path)s") % {"path": rejected_path},
        *sealed_lines(rejected_path),
        *notice_lines(summary),
    ]
    summary_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return summary_path, rejected_path


def write_rejected(summary: Summary, target: Path) -> None:
    """The rejected rows as they were in the file, each after its line number and reason.

    Personal cells are sealed (encrypted with the platform's key, ``personal.seal``), and text a
    spreadsheet would run as a formula is written as text."""
    path = Path(summary.path)
    rejected = sorted(_with_cells(path, summary.rejected), key=lambda e: e.line)
    header = read_header(path)
    positions = personal.personal_positions(header, canonical_names(header))
    with target.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(csv_row(["line", "reason", *header]))
        for error in rejected:
            cells = personal.sealed_cells(_cells(error.cells), positions)
            writer.writerow(csv_row([error.line, error.reason, *cells]))


def canonical_names(header: list[str]) -> list[str | None]:
    """The canonical name of each column of ``header`` (None for an extra column)."""
    try:
        return [name if canonical else None for name, canonical in header_mapping(header)]
    except CaseFileError:  # mandatory columns missing: the file was not imported at all
        return [None] * len(header)


def personal_columns_of(path: Path) -> list[str]:
    """The file's extra columns that are personal by their name (not stored on import)."""
    try:
        header = read_header(path)
        names = canonical_names(header)
    except (CaseFileError, OSError):
        return []
    return personal.withheld_columns(header, [name is not None for name in names])


def sealed_lines(rejected_path: Path) -> list[str]:
    return [
        _(
            "In the rejected rows, the caller's name, phone and identifier and every cell that "
            "looks like a phone or ID number are encrypted. To correct and import them again, "
            "write a readable copy with: minsheng reveal-rejected %(path)s (recorded in the "
            "audit log)."
        )
        % {"path": rejected_path}
    ]


def notice_lines(summary: Summary, limit: int = 1000) -> list[str]:
    """Each row imported with a remark, by line (the first ``limit``)."""
    lines = [
        _("Line %(line)d: %(reason)s") % {"line": notice.line, "reason": notice.reason}
        for notice in sorted(summary.notices, key=lambda n: n.line)[:limit]
    ]
    if len(summary.notices) > limit:
        lines.append(
            _("… and %(count)d more rows like these.") % {"count": len(summary.notices) - limit}
        )
    return lines


def _with_cells(path: Path, rejected: list[RowError]) -> list[RowError]:
    """Rows refused by the database come without their cells: read them again from the file."""
    wanted = {error.line for error in rejected if not error.cells}
    if not wanted:
        return rejected
    cells: dict[int, tuple[Any, ...]] = {}
    for line, row in read_rows(path):
        if line in wanted and not isinstance(row, UnreadableRow):
            cells[line] = tuple(row)
            if len(cells) == len(wanted):
                break
    return [replace(e, cells=cells.get(e.line, ())) if not e.cells else e for e in rejected]


def _cells(cells: Iterable[Any]) -> Iterator[Any]:
    for cell in cells:
        yield cell.isoformat(sep=" ") if isinstance(cell, dt.datetime) else cell


def summary_lines(summary: Summary) -> list[str]:
    return [
        _("File: %(path)s") % {"path": summary.path},
        _("Rows read: %(count)d") % {"count": summary.rows},
        _("Imported (new cases): %(count)d") % {"count": summary.imported},
        _("Updated (case number already present): %(count)d") % {"count": summary.updated},
        _("Of these, unchanged since their last import: %(count)d") % {"count": summary.unchanged},
        _("Rejected: %(count)d") % {"count": len(summary.rejected)},
        _("History events added: %(count)d") % {"count": summary.events},
        *withheld_lines(summary),
        _(
            "Rows repeating a case number from earlier in the file (applied in file order): %(count)d"
        )
        % {"count": len(summary.notices)},
    ]


def withheld_lines(summary: Summary) -> list[str]:
    lines = []
    if summary.withheld_columns:
        lines.append(
            _("Columns not stored because they hold personal data: %(columns)s")
            % {"columns": ", ".join(summary.withheld_columns)}
        )
    if summary.withheld_cells:
        lines.append(
            _("Cells of extra columns not stored because they hold personal data: %(count)d")
            % {"count": summary.withheld_cells}
        )
    return lines
