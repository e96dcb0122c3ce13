"""Case files cut into byte ranges that workers read themselves: the same rows, lines and errors
as reading the whole file, wherever the cuts fall."""

from __future__ import annotations

import pytest

from minsheng.cases import partitions
from minsheng.cases.casefile import CaseRecord, RowError, read_cases
from minsheng.cases.partitions import CaseFile, Partitioning, fold_cases
from minsheng.monthly.forecast.engine import DayCounts, count_days

HEADER = "编号,受理时间,区,标题,内容,分类\r\n"


def row(n: int, content: str = "楼下餐馆油烟大") -> str:
    return f"A{n:05d},2025-03-{1 + n % 28:02d} 09:00:00,朝阳区,油烟,{content},环境保护\r\n"


def write(path, rows: list[str]) -> CaseFile:
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return CaseFile(path)


def as_read(records) -> list[tuple[int, str, str]]:
    """Each record or rejected row by its line, number and text (or reason)."""
    return [
        (r.line, r.number, r.content)
        if isinstance(r, CaseRecord)
        else (r.line, r.number, str(r.reason))
        for r in records
    ]


def ranges(source: CaseFile, partition: int) -> list[partitions._Range]:
    found = partitions._csv_ranges(source, Partitioning(min_cases=0, partition=partition))
    assert found is not None
    return found


def read_in_ranges(source: CaseFile, partition: int) -> tuple[list[object], list[bool]]:
    parts = ranges(source, partition)
    records = [record for part in parts for record in part.records()]
    return records, [part.in_step for part in parts]


@pytest.mark.parametrize("partition", [1, 2, 3, 7, 50])
def test_ranges_give_the_rows_and_lines_of_the_whole_file(tmp_path, partition):
    rows = [row(n) for n in range(40)]
    rows[3] = row(3, '"一行\r\n又一行，""引号""\r\n再一行"')  # a cell with line breaks in quotes
    rows[9] = "A00009,not a date,朝阳区,油烟,内容,环境保护\r\n"  # rejected, with its line
    rows[12] = "\r\n"  # a blank line
    rows[20] = row(20, '"\r\n\r\n\r\n"')
    source = write(tmp_path / "cases.csv", rows)
    records, in_step = read_in_ranges(source, partition)
    assert as_read(records) == as_read(read_cases(source.path))
    assert all(in_step)
    assert any(isinstance(r, RowError) and r.line == 13 for r in records)  # 1 + 10 + 2
    assert len(ranges(source, partition)) > 40 // (partition + 3)  # cut, though not inside quotes


def test_a_range_that_does_not_end_at_a_record_says_so(tmp_path):
    rows = [row(n) for n in range(30)]
    # A stray quote in an unquoted cell (the CSV reader keeps it as written): counting quotes,
    # the line break inside the quoted cell further on looks like the end of a record.
    rows[4] = row(4, '他说"太吵')
    rows[10] = row(10, '"一行\r\n又一行"')
    source = write(tmp_path / "cases.csv", rows)
    records, in_step = read_in_ranges(source, 1)
    assert not all(in_step)
    assert as_read(records) != as_read(read_cases(source.path))


def test_the_last_range_ends_the_file_even_without_a_line_break(tmp_path):
    source = write(tmp_path / "cases.csv", [row(n) for n in range(10)])
    source.path.write_text(source.path.read_text(encoding="utf-8").rstrip(), encoding="utf-8")
    records, in_step = read_in_ranges(source, 2)
    assert as_read(records) == as_read(read_cases(source.path)) and all(in_step)
    assert len(records) == 10


def test_a_small_file_is_read_in_this_process(tmp_path):
    source = write(tmp_path / "cases.csv", [row(n) for n in range(10)])
    assert partitions._csv_ranges(source, Partitioning(min_cases=11)) is None


def counts(source, partitioning) -> DayCounts:
    return fold_cases(
        source, count_days, start=DayCounts, fold=DayCounts.add, partitioning=partitioning
    )


@pytest.mark.slow
def test_a_file_whose_ranges_fall_out_of_step_is_read_again_here(tmp_path, dask_clusters):
    rows = [row(n) for n in range(300)]
    rows[40] = row(40, '他说"太吵')  # a stray quote, kept as written by the CSV reader
    rows[60] = row(60, '"一行\r\n又一行"')  # a cut in here would look outside quotes
    rows[61] = "A00061,not a date,朝阳区,油烟,内容,环境保护\r\n"
    source = write(tmp_path / "cases.csv", rows)
    expected = counts(source, Partitioning(min_cases=10**9))
    found = counts(source, Partitioning(scheduler=dask_clusters[2], min_cases=0, partition=20))
    assert found == expected
    assert (sum(expected.cases.values()), expected.skipped) == (299, 1)
