"""Files in and out are safe: every odd row is reported, not a traceback; no personal data in
clear outside its encrypted columns; exports that spreadsheets show as text, never run."""

from __future__ import annotations

import csv
import io
from functools import partial

import pytest
from django.core.management import call_command
from django.db import connection
from openpyxl import Workbook, load_workbook

from minsheng.cases.casefile import CaseRecord, CaseWriter, RowError, read_cases
from minsheng.hotline.exporting import filtered_cases, write_cases
from minsheng.hotline.importing import import_cases, write_reports
from minsheng.hotline.importing.personal import SEALED, looks_personal, reveal_file
from minsheng.hotline.models import Case
from minsheng.hotline.records import case_records
from tests.hotline.importing.test_import_cases import write as write_case_file

HEADER = "number,received_at,channel,kind,caller_name,caller_phone,content,district,dispatch_count"


def row(number: str, content: str = "楼道灯坏了", *, count: str = "", extra: str = "") -> str:
    cells = f"{number},2025-03-05 08:30,电话,投诉,张三,13812345678,{content},朝阳区,{count}"
    return cells + extra


# Files of this test's own columns, unless a test names others.
write = partial(write_case_file, header=HEADER)


# --- Reading: every odd row reported -------------------------------------------------------


def test_a_field_over_131072_characters_rejects_its_row_with_a_reason(ready, tmp_path):
    path = write(tmp_path, row("A1"), row("A2", "长" * 140_000), row("A3"))
    summary = import_cases(path)
    assert (summary.imported, len(summary.rejected)) == (2, 1)
    [rejected] = summary.rejected
    assert rejected.line == 3 and "content" in rejected.reason and "140000" in rejected.reason
    assert set(Case.objects.values_list("number", flat=True)) == {"A1", "A3"}


def test_a_field_beyond_what_the_reader_takes_is_reported_and_the_rest_still_read(tmp_path):
    from minsheng.cases import casefile

    path = write(tmp_path, row("A1"), row("A2", "x" * (casefile.CSV_FIELD_LIMIT + 10)), row("A3"))
    items = list(read_cases(path))
    assert [type(item) for item in items] == [CaseRecord, RowError, CaseRecord]
    assert "CSV" in items[1].reason


def test_content_over_20000_characters_is_reported_not_cut(ready, tmp_path):
    summary = import_cases(write(tmp_path, row("A1", "字" * 20_001)))
    [rejected] = summary.rejected
    assert "20001" in rejected.reason and "20000" in rejected.reason
    assert not Case.objects.exists()


def test_extra_cells_on_a_row_are_reported(ready, tmp_path):
    summary = import_cases(
        write(tmp_path, row("A1", extra=",多出来的,又一个"), row("A2", extra=",,"))
    )
    [rejected] = summary.rejected
    assert rejected.line == 2 and "2" in rejected.reason
    assert list(Case.objects.values_list("number", flat=True)) == ["A2"]  # empty cells are no data


@pytest.mark.parametrize("count", ["99999999999999999999", "1001", "1e400", "nan", "2.5", "-1"])
def test_numeric_columns_are_bounded(ready, tmp_path, count):
    summary = import_cases(write(tmp_path, row("A1", count=count)))
    [rejected] = summary.rejected
    assert "dispatch_count" in rejected.reason
    assert not Case.objects.exists()


def test_a_bounded_count_still_exports_for_the_whole_year(ready, tmp_path):
    import_cases(write(tmp_path, row("A1", count="1000")))
    out = io.StringIO()
    with CaseWriter(out) as writer:
        assert write_cases(writer, case_records(filtered_cases())) == 1
    assert "1000" in out.getvalue()


def test_a_case_number_repeated_later_in_the_file_is_reported(ready, tmp_path):
    path = write(tmp_path, row("A1"), row("A2"), row("A1", "灯还是坏的"))
    summary = import_cases(path)
    assert (summary.imported, summary.updated) == (2, 1)
    [notice] = summary.notices
    assert (notice.line, notice.number) == (4, "A1") and "2" in notice.reason
    summary_path, _ = write_reports(summary)
    assert "A1" in summary_path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "moment", ["0002-06-26T21:46:15-21:49", "2309-03-12T17:46:43+18:31", "2025-03-05T08:30+16:00"]
)
def test_extreme_years_and_offsets_reject_the_row(ready, tmp_path, moment):
    line = row("A1").replace("2025-03-05 08:30", moment)
    summary = import_cases(write(tmp_path, line))
    [rejected] = summary.rejected
    assert "received_at" in rejected.reason


def test_xlsx_identifiers_are_read_as_text(ready, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["number", "received_at", "content", "caller_phone"])
    # A column formatted as text, a phone stored as a number, digits a float lost, a whole float.
    sheet.append(["12345678901234567890", "2025-03-05 08:30", "楼道灯坏了", 13812345678])
    sheet.append([1.2345678901234567e19, "2025-03-05 08:30", "灯坏了", 13812345678.0])
    sheet.append([2025030500001.0, "2025-03-05 08:30", "灯坏了", None])
    path = tmp_path / "cases.xlsx"
    book.save(path)
    exact, lost, whole = list(read_cases(path))
    assert exact.number == "12345678901234567890" and exact.caller_phone == "13812345678"
    assert isinstance(lost, RowError) and "1.234567890123457e+19" in lost.reason
    assert whole.number == "2025030500001"


# --- Personal data -----------------------------------------------------------------------------


def test_personal_columns_of_a_file_are_not_kept_in_clear(ready, tmp_path):
    header = HEADER + ",联系电话,身份证号,备注,source"
    extra = ",13912345678,110105194912310025,请回电13712345678,old-system"
    summary = import_cases(write(tmp_path, row("A1", extra=extra), header=header))
    assert summary.imported == 1
    assert summary.withheld_columns == ["联系电话", "身份证号"]
    assert summary.withheld_cells == 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT extra::text FROM hotline_case WHERE number = 'A1'")
        (extra_text,) = cursor.fetchone()
    for secret in ("13912345678", "110105194912310025", "13712345678"):
        assert secret not in extra_text
    assert Case.objects.get(number="A1").extra == {"source": "old-system"}


def test_the_summary_says_which_personal_columns_were_not_stored(ready, tmp_path):
    header = HEADER + ",手机"
    summary = import_cases(write(tmp_path, row("A1", extra=",13912345678"), header=header))
    summary_path, _ = write_reports(summary)
    assert "手机" in summary_path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    ["13812345678", "电话 138-1234-5678", "110105194912310025", "11010549123100", "010-65123456"],
)
def test_phones_and_id_numbers_are_recognised_in_text(text):
    assert looks_personal(text) is (text != "11010549123100")


@pytest.mark.parametrize(
    "text", ["2025030512345678", "A12345678901", "第12345号", "202503051234567890"]
)
def test_case_numbers_and_short_numbers_are_not_taken_for_personal_data(text):
    assert not looks_personal(text)


def test_rejected_rows_keep_personal_cells_encrypted_and_can_be_revealed(ready, tmp_path):
    header = HEADER + ",身份证号"
    bad = row("B1", extra=",110105194912310025").replace("朝阳区", "火星区")
    summary = import_cases(write(tmp_path, bad, header=header))
    _, rejected_path = write_reports(summary)
    text = rejected_path.read_text(encoding="utf-8-sig")
    for secret in ("张三", "13812345678", "110105194912310025"):
        assert secret not in text
    assert text.count(SEALED) == 3
    clear = tmp_path / "clear.csv"
    call_command("reveal_rejected", str(rejected_path), "--out", str(clear))
    [header_row, data] = list(csv.reader(clear.open(encoding="utf-8-sig")))
    assert data[header_row.index("caller_name")] == "张三"
    assert data[header_row.index("身份证号")] == "110105194912310025"
    from minsheng.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="hotline.reveal_rejected_rows").exists()


def test_reveal_refuses_a_cell_sealed_with_another_key(tmp_path, settings):
    source = tmp_path / "rejected.csv"
    source.write_text(f"line,caller_name\n2,{SEALED}not-a-token\n", encoding="utf-8")
    with pytest.raises(ValueError):
        reveal_file(source, tmp_path / "clear.csv")


# --- Writing: formulas stay text ---------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def test_csv_export_writes_formulas_as_text_and_reads_them_back(tmp_path):
    path = tmp_path / "out.csv"
    record = CaseRecord(line=2, number="=1+1", received_at=_moment(), content=FORMULAS[0])
    record.extra = {f"x{i}": value for i, value in enumerate(FORMULAS)}
    with CaseWriter(path, extra_columns=list(record.extra)) as writer:
        writer.write(record.as_row())
    header, cells = list(csv.reader(path.open(encoding="utf-8-sig")))
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert cells[header.index("number")] == "'=1+1"
    [again] = list(read_cases(path))
    assert again.number == "=1+1" and again.content == FORMULAS[0]
    assert again.extra == {f"x{i}": value for i, value in enumerate(FORMULAS)}


def test_xlsx_export_writes_every_cell_as_text_never_a_formula(tmp_path):
    path = tmp_path / "out.xlsx"
    record = CaseRecord(
        line=2, number="12345678901234567890", received_at=_moment(), content="=1+1"
    )
    record.caller_name, record.dispatch_count = "=***", 3
    with CaseWriter(path, xlsx=True) as writer:
        writer.write(record.as_row())
    sheet = load_workbook(path).worksheets[0]
    cells = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert all(cell.data_type == "s" for cell in cells if cell.value is not None)
    values = {header.value: cell.value for header, cell in zip(sheet[1], cells, strict=True)}
    assert values["caller_name"] == "=***" and values["number"] == "12345678901234567890"
    assert values["content"] == "=1+1"


def _moment():  # type: ignore[no-untyped-def]
    import datetime as dt

    from minsheng.cases.casefile import BEIJING

    return dt.datetime(2025, 3, 5, 8, 30, tzinfo=BEIJING)
