"""Cells that spreadsheet programs show as text, never run as formulas (CSV injection).

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken by Excel,
WPS and LibreOffice as a formula; a case's text written by a caller can start that way. As the
OWASP guidance on CSV injection advises, such a text is written with a single quote in front,
which the programs show as text. :func:`read_text` removes that quote again, so a file
exported here reads back as it was. XLSX cells are written as text cells, never as formulas.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """``value`` safe for a CSV cell: text that a spreadsheet would run gets a leading quote."""
    if value.__class__ is str and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_row(cells: Iterable[Any]) -> list[Any]:
    return [csv_cell(cell) for cell in cells]


def read_text(text: str) -> str:
    """A cell's text as written before :func:`csv_cell` protected it."""
    if text.startswith("'") and text[1:2] and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def xlsx_row(sheet: Any, cells: Iterable[Any]) -> list[Any]:
    """Cells for ``sheet.append`` (openpyxl, write-only): text stays text, even ``=1+1``."""
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    for value in cells:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # openpyxl would make a formula of text starting with "="
            row.append(cell)
        else:
            row.append(value)
    return row
