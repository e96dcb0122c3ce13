"""Cells that spreadsheet programs show as text, never run (OWASP CSV injection guidance)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from minsheng.core.spreadsheets import csv_cell, read_text, xlsx_row


@pytest.mark.parametrize("text", ["=1+1", "+86 138", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_gets_a_leading_quote_and_reads_back(text):
    assert csv_cell(text) == "'" + text
    assert read_text(csv_cell(text)) == text


@pytest.mark.parametrize("value", ["劲松", "1+1", "", "'quoted", -2, 3.5, None])
def test_other_values_are_written_as_they_are(value):
    assert csv_cell(value) == value
    if isinstance(value, str):
        assert read_text(value) == value


def test_xlsx_text_cells_are_never_formulas(tmp_path):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    sheet.append(xlsx_row(sheet, ['=HYPERLINK("http://x")', "@A1", 7]))
    book.save(tmp_path / "x.xlsx")
    formula, at, number = next(load_workbook(tmp_path / "x.xlsx").worksheets[0].iter_rows())
    assert (formula.data_type, formula.value) == ("s", '=HYPERLINK("http://x")')
    assert at.data_type == "s" and (number.data_type, number.value) == ("n", 7)
