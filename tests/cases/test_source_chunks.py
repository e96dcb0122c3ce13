"""Reading a case file in chunks, line by line, gives exactly the rows the CSV reader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minsheng.cases.casefile import UnreadableRow, is_blank, source_chunks, source_rows

# Commas, quotes, every kind of line end, blanks, NUL, and text.
CSV_TEXT = st.text(alphabet=["a", "中", ",", '"', "\n", "\r", " ", "\x00", "'"], max_size=120)


def rows_by_the_reader(path: Path) -> list[tuple[int, object]]:
    return [_comparable(item) for item in source_rows(path)]


def rows_in_chunks(path: Path, size: int, **options: object) -> list[tuple[int, object]]:
    chunks = list(source_chunks(path, size, **options))  # type: ignore[arg-type]
    assert all(0 < len(chunk) <= size for chunk in chunks[1:])
    return [_comparable(item) for chunk in chunks for item in chunk]


def _comparable(item: tuple[int, list[object]]) -> tuple[int, object]:
    line, cells = item
    return (line, cells.reason) if isinstance(cells, UnreadableRow) else (line, cells)


def _kept(item: tuple[int, object]) -> bool:
    cells = item[1]
    return isinstance(cells, str) or not is_blank(cells)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):  # type: ignore[no-untyped-def]
    """One file, written again for each example (a module's fixture: hypothesis runs many)."""
    return tmp_path_factory.mktemp("chunks") / "cases.csv"


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=CSV_TEXT, size=st.integers(min_value=1, max_value=4))
def test_chunks_hold_the_readers_rows_without_blank_ones(scratch, text, size):
    path = _write(scratch, text)
    by_reader = rows_by_the_reader(path)
    expected = by_reader[:1] + [item for item in by_reader[1:] if _kept(item)]
    assert rows_in_chunks(path, size) == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=CSV_TEXT, key_at=st.integers(min_value=0, max_value=3))
def test_wanted_rows_are_chosen_by_line_and_key_cell_as_the_reader_reads_them(
    scratch, text, key_at
):
    def wanted(line: int, cell: object) -> bool:
        return (line + len(cell or "")) % 2 == 0  # type: ignore[arg-type]

    path = _write(scratch, text)
    by_reader = rows_by_the_reader(path)

    def chosen(item: tuple[int, object]) -> bool:
        line, cells = item
        key = cells[key_at] if isinstance(cells, list) and len(cells) > key_at else None
        return wanted(line, key)

    expected = by_reader[:1] + [item for item in by_reader[1:] if _kept(item) and chosen(item)]
    assert rows_in_chunks(path, 2, wanted=wanted, key_at=key_at) == expected


def test_a_quoted_cell_may_span_lines_and_the_row_takes_its_last_line(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text('number,content\nA1,"两行\n内容"\n\nA2,x\r\nA3,"a,b"\r', encoding="utf-8")
    assert rows_in_chunks(path, 10) == [
        (1, ["number", "content"]),
        (3, ["A1", "两行\n内容"]),
        (5, ["A2", "x"]),
        (6, ["A3", "a,b"]),
    ]


def test_an_empty_file_has_no_chunks(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_bytes(b"")
    assert list(source_chunks(path, 5)) == []
