"""Importing case files: every row accounted for, re-import updates, nothing half-applied."""

from __future__ import annotations

import csv

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from minsheng.cases.casefile import read_cases
from minsheng.core import crypto
from minsheng.hotline.importing import import_cases, write_reports
from minsheng.hotline.models import Case, CaseEvent, Status
from minsheng.hotline.records import case_records
from minsheng.people.models import Organisation

HEADER = (
    "number,received_at,channel,kind,caller_id,caller_name,caller_phone,title,content,district,"
    "subdistrict,community,address,category,handling_unit,cooperating_units,dispatch_count,"
    "return_count,reopened,responded_at,handled_at,closed_at,result,resolution,resolved,"
    "satisfied,source_system"
)
CLOSED = (
    "A1,2025-03-05 08:30,电话,投诉,u1,张三,13812345678,楼道灯坏,楼道灯坏了三天,朝阳区,劲松街道,"
    "劲松北社区,劲松小区3号楼,030202,SD-110105017,BJ-ZJW,2,1,是,2025-03-05 10:00,"
    "2025-03-07 10:00,2025-03-08 10:00,resolved,已修复,yes,basically_satisfied,old"
)
RECEIVED = "A2,2025-03-06 08:30,web,complaint,,,,,垃圾没人收,朝阳区,,,,020201,,,,,,,,,,,,,"
DISPATCHED = (
    "A3,2025-03-06 09:30,app,help,,,,,暖气不热,110105,110105017,,,060102,BJ-HEAT,,1,0,no,,,,,,,,"
)
RESPONDED = "A4,2025-03-06 09:30,app,help,,,,,暖气不热,朝阳区,劲松,,,供暖/供暖质量/暖气不热,BJ-HEAT,,1,0,no,2025-03-06 11:00,,,,,,,"
HANDLED = "A5,2025-03-06 09:30,app,help,,,,,暖气不热,朝阳区,劲松,,,暖气不热,北京市热力集团,,1,0,no,2025-03-06 11:00,2025-03-07 11:00,,explained,,,,"
BAD_PLACE = "B1,2025-03-06 08:30,web,complaint,,,,,垃圾没人收,火星区,,,,020201,,,,,,,,,,,,,"
BAD_DATE = "B2,not a date,web,complaint,,,,,垃圾没人收,朝阳区,,,,020201,,,,,,,,,,,,,"
BAD_ORDER = "B3,2025-03-06 08:30,web,complaint,,,,,垃圾,朝阳区,,,,020201,SD-110105017,,,,,2025-03-01 08:00,,,,,,,"
BAD_UNIT = "B4,2025-03-06 08:30,web,complaint,,,,,垃圾,朝阳区,,,,020201,不存在的单位,,,,,,,,,,,,"


def write(tmp_path, *rows, header=HEADER, name="cases.csv"):
    """A case file of ``rows`` (CSV lines) under ``header``, in ``tmp_path``."""
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_it_imports_good_rows_with_the_status_the_file_implies(ready, tmp_path):
    summary = import_cases(write(tmp_path, CLOSED, RECEIVED, DISPATCHED, RESPONDED, HANDLED))
    assert (summary.imported, summary.updated, len(summary.rejected)) == (5, 0, 0)
    statuses = dict(Case.objects.values_list("number", "status"))
    assert statuses == {
        "A1": Status.CLOSED,
        "A2": Status.RECEIVED,
        "A3": Status.DISPATCHED,
        "A4": Status.RESPONDED,
        "A5": Status.HANDLED,
    }


def test_caller_data_is_stored_encrypted_hashed_and_masked(ready, tmp_path):
    import_cases(write(tmp_path, CLOSED))
    case = Case.objects.get(number="A1")
    assert case.caller_name == "张三" and case.caller_name_masked == "张*"
    assert case.caller_phone_masked == "138****5678"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT caller_phone, caller_name FROM hotline_case WHERE number='A1'")
        raw_phone, raw_name = cursor.fetchone()
    assert "13812345678" not in raw_phone and "张三" not in raw_name
    assert case.caller_key_hash == crypto.keyed_hash("u1", "hotline-caller")


def test_bad_rows_are_rejected_with_line_and_reason_and_good_rows_still_load(ready, tmp_path):
    path = write(tmp_path, CLOSED, BAD_PLACE, BAD_DATE, BAD_ORDER, BAD_UNIT, RECEIVED)
    summary = import_cases(path)
    assert (summary.imported, len(summary.rejected)) == (2, 4)
    assert {e.line: e.number for e in summary.rejected} == {3: "B1", 4: "B2", 5: "B3", 6: "B4"}
    assert summary.rows == 6
    summary_path, rejected_path = write_reports(summary)
    rejected = list(csv.DictReader(rejected_path.open(encoding="utf-8-sig")))
    assert [row["line"] for row in rejected] == ["3", "4", "5", "6"]
    assert "火星区" in rejected[0]["reason"] and rejected[0]["number"] == "B1"
    assert "Rejected: 4" in summary_path.read_text() or "4" in summary_path.read_text()
    assert not Case.objects.filter(number__startswith="B").exists()


def test_re_importing_updates_by_number_and_adds_no_history(ready, tmp_path):
    path = write(tmp_path, CLOSED, DISPATCHED)
    first = import_cases(path)
    events = CaseEvent.objects.count()
    again = import_cases(path)
    assert (again.imported, again.updated, again.unchanged, again.events) == (0, 2, 2, 0)
    assert Case.objects.count() == 2 and CaseEvent.objects.count() == events
    assert first.events == events == 2  # one account of its history per case


def test_a_later_file_moves_a_case_on(ready, tmp_path):
    import_cases(write(tmp_path, DISPATCHED))
    later = DISPATCHED.replace(
        ",,,,,,,,",
        ",2025-03-06 10:00,2025-03-07 10:00,2025-03-08 09:00,resolved,修好了,yes,satisfied,",
    )
    summary = import_cases(write(tmp_path, later, name="later.csv"))
    assert (summary.updated, summary.unchanged, summary.events) == (1, 0, 1)
    case = Case.objects.get(number="A3")
    assert case.status == Status.CLOSED and case.satisfaction == "satisfied"
    accounts = list(case.events.filter(kind="imported").values_list("data", flat=True))
    assert [a["status"] for a in accounts] == ["dispatched", "closed"]
    [record] = case_records(Case.objects.filter(number="A3"))
    assert (record.dispatch_count, record.return_count, record.reopened) == (1, 0, False)


def test_steps_recorded_here_after_an_import_add_to_its_counts(ready, tmp_path, cast):
    from minsheng.hotline import actions

    import_cases(write(tmp_path, DISPATCHED))
    case = Case.objects.get(number="A3")
    heat = case.lead_unit
    office = Organisation.objects.get(code="SD-110105017")
    case = actions.dispatch_case(actor=cast.dispatcher, case=case, unit=office)
    [record] = case_records(Case.objects.filter(number="A3"))
    assert record.dispatch_count == 2 and record.handling_unit == "SD-110105017"
    # The same file again is skipped: the work done here stays.
    assert import_cases(write(tmp_path, DISPATCHED)).unchanged == 1
    assert Case.objects.get(number="A3").lead_unit == office != heat


def test_a_number_twice_in_one_file_is_imported_then_updated(ready, tmp_path):
    summary = import_cases(
        write(tmp_path, RECEIVED, RECEIVED.replace("垃圾没人收", "垃圾还是没人收"))
    )
    assert (summary.imported, summary.updated) == (1, 1)
    assert Case.objects.get(number="A2").content == "垃圾还是没人收"


@pytest.mark.django_db(transaction=True)
def test_a_row_the_database_refuses_is_rejected_alone(ready, tmp_path, monkeypatch):
    # A unit removed after the import read its look-ups: the foreign key refuses that row only.
    from minsheng.hotline.importing.lookups import Lookups, Unit

    original = Lookups.unit

    def stale(self, text):  # type: ignore[no-untyped-def]
        found = original(self, text)
        return Unit(id=999_999, code="GONE") if found and found.code == "BJ-HEAT" else found

    monkeypatch.setattr(Lookups, "unit", stale)
    summary = import_cases(write(tmp_path, CLOSED, DISPATCHED, RECEIVED))
    assert (summary.imported, len(summary.rejected)) == (2, 1)
    [refused] = summary.rejected
    assert (refused.number, refused.line) == ("A3", 3)
    assert "foreign key" in refused.reason
    assert not Case.objects.filter(number="A3").exists()
    assert set(Case.objects.values_list("number", flat=True)) == {"A1", "A2"}
    assert CaseEvent.objects.count() == 2
    # The rejected file repeats the row as it was in the file.
    _, rejected_path = write_reports(summary)
    [row] = list(csv.DictReader(rejected_path.open(encoding="utf-8-sig")))
    assert (row["line"], row["number"], row["handling_unit"]) == ("3", "A3", "BJ-HEAT")


def test_xlsx_files_with_chinese_headers_are_imported(ready, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["工单编号", "受理时间", "诉求内容", "区", "街道", "分类", "承办单位"])
    sheet.append(
        ["X1", "2025-05-01 09:00", "小区物业不作为", "朝阳区", "劲松街道", "030101", "SD-110105017"]
    )
    path = tmp_path / "cases.xlsx"
    workbook.save(path)
    summary = import_cases(path)
    assert summary.imported == 1
    assert Case.objects.get(number="X1").status == Status.DISPATCHED


def test_the_database_gives_back_the_records_of_the_file(ready, tmp_path):
    # Files in the canonical form: places by name, categories and units by code.
    path = write(tmp_path, CLOSED, RECEIVED)
    import_cases(path)
    from_db = {r.number: r for r in case_records(Case.objects.all())}
    for original in read_cases(path):
        got = from_db[original.number]
        for name in (
            "received_at",
            "content",
            "channel",
            "kind",
            "responded_at",
            "handled_at",
            "closed_at",
            "result",
            "resolution",
            "resolved",
            "satisfied",
            "handling_unit",
            "cooperating_units",
            "district",
            "community",
            "category",
            "title",
            "address",
        ):
            assert getattr(got, name) == getattr(original, name), (original.number, name)
        # Counts the file leaves empty are read from the history: none (or one dispatch).
        assert got.return_count == (original.return_count or 0)
        assert got.reopened == bool(original.reopened)
        expected_dispatches = original.dispatch_count
        if expected_dispatches is None:
            expected_dispatches = 1 if original.handling_unit else 0
        assert got.dispatch_count == expected_dispatches
        assert got.extra == original.extra


def test_an_exported_file_reads_back_as_the_database_records(ready, tmp_path):
    import_cases(write(tmp_path, CLOSED, RECEIVED, HANDLED))
    out = tmp_path / "export.csv"
    call_command("export_cases", out=out, extra_column=["source_system"])
    from_file = [r for r in read_cases(out)]
    from_db = list(case_records(Case.objects.all()))
    assert [r.number for r in from_file] == [r.number for r in from_db]
    for a, b in zip(from_file, from_db, strict=True):
        assert a.as_row() == b.as_row()
    # Re-importing the export recognises the same callers (the hash is kept as it is).
    callers = ("number", "caller_key_hash", "caller_phone_hash", "caller_name_masked")
    before = list(Case.objects.order_by("number").values_list(*callers))
    summary = import_cases(out)
    assert summary.updated == 3
    assert list(Case.objects.order_by("number").values_list(*callers)) == before
    # The file holds masked names and phones only: the clear values already held are kept.
    case = Case.objects.get(number="A1")
    assert (case.caller_name, case.caller_phone) == ("张三", "13812345678")


def test_the_command_writes_the_summary_and_rejected_rows(ready, tmp_path, capsys):
    path = write(tmp_path, CLOSED, BAD_PLACE)
    call_command("import_cases", str(path), language="en")
    output = capsys.readouterr().out
    assert "Imported (new cases): 1" in output and "Rejected: 1" in output
    assert (tmp_path / "cases.csv.rejected.csv").exists()
    assert (tmp_path / "cases.csv.summary.txt").exists()


def test_codes_and_short_names_are_normalised(ready, tmp_path):
    import_cases(write(tmp_path, DISPATCHED, HANDLED))
    records = {r.number: r for r in case_records(Case.objects.all())}
    assert (records["A3"].district, records["A3"].subdistrict) == ("朝阳区", "劲松街道")
    assert (records["A5"].handling_unit, records["A5"].category) == ("BJ-HEAT", "060102")


def test_times_mean_the_same_instant_however_they_are_written(ready, tmp_path):
    import datetime as dt

    from django.db import connection

    rows = [
        RECEIVED.replace("A2,2025-03-06 08:30", f"T{n},{text}")
        for n, text in enumerate(
            [
                "2025-03-06 08:30",
                "2025-03-06 08:30:00",
                "2025/03/06 08:30",
                "2025-03-06T00:30:00+00:00",
                "2025年03月06日 08:30",
            ]
        )
    ]
    with connection.cursor() as cursor:
        cursor.execute("SHOW TimeZone")
        zone = cursor.fetchone()
    summary = import_cases(write(tmp_path, *rows))
    assert summary.imported == 5
    expected = dt.datetime(2025, 3, 6, 0, 30, tzinfo=dt.UTC)
    cases = Case.objects.filter(number__startswith="T")
    assert {case.received_at for case in cases} == {expected}
    assert {case.response_due for case in cases} == {expected + dt.timedelta(hours=24)}
    with connection.cursor() as cursor:  # the session's zone is as it was
        cursor.execute("SHOW TimeZone")
        assert cursor.fetchone() == zone


def test_an_import_limited_to_regions_rejects_rows_elsewhere(ready, tmp_path):
    from minsheng.regions.models import Region

    haidian = RECEIVED.replace("A2,", "H1,").replace("朝阳区", "海淀区")
    nowhere = RECEIVED.replace("A2,", "N1,").replace("朝阳区", "")
    chaoyang = Region.objects.get(code="110105").path
    summary = import_cases(write(tmp_path, RECEIVED, haidian, nowhere), regions=[chaoyang])
    assert summary.imported == 1
    assert {(e.number, e.line) for e in summary.rejected} == {("H1", 3), ("N1", 4)}
