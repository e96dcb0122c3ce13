"""What an import did with every row: the summary and the file of rejected rows."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from minsheng.cases.casefile import RowError, read_header, read_rows


@dataclass
class Summary:
    """What happened to every row of the file."""

    path: str
    imported: int = 0
    updated: int = 0  # numbers already present, whether the row changed the case or not
    unchanged: int = 0  # of those, rows identical to the last import of the case
    rejected: list[RowError] = field(default_factory=list)
    events: int = 0

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
        }


def report_paths(path: Path, directory: Path | None = None) -> tuple[Path, Path]:
    """(summary, rejected rows) next to the file, or in ``directory``."""
    folder = directory or path.parent
    return folder / f"{path.name}.summary.txt", folder / f"{path.name}.rejected.csv"


def write_reports(summary: Summary, directory: Path | None = None) -> tuple[Path, Path]:
    path = Path(summary.path)
    summary_path, rejected_path = report_paths(path, directory)
    write_rejected(summary, rejected_path)
    lines = summary_lines(summary) + [_("Rejected rows: %(path)s") % {"path": rejected_path}]
    summary_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return summary_path, rejected_path


def write_rejected(summary: Summary, target: Path) -> None:
    """The rejected rows as they were in the file, each after its line number and reason."""
    path = Path(summary.path)
    rejected = sorted(_with_cells(path, summary.rejected), key=lambda e: e.line)
    with target.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "reason", *read_header(path)])
        for error in rejected:
            writer.writerow([error.line, error.reason, *_cells(error.cells)])


def _with_cells(path: Path, rejected: list[RowError]) -> list[RowError]:
    """Rows refused by the database come without their cells: read them again from the file."""
    wanted = {error.line for error in rejected if not error.cells}
    if not wanted:
        return rejected
    cells: dict[int, tuple[Any, ...]] = {}
    for line, row in read_rows(path):
        if line in wanted:
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
    ]
