"""Re-importing a file: rows the database holds already are counted without being prepared,
and the outcome is row for row what preparing them would have given."""

from __future__ import annotations

import pytest

from minsheng.audit.models import AuditEntry
from minsheng.hotline.importing import import_cases
from minsheng.hotline.importing.rows import Preparer
from minsheng.hotline.models import Case, CaseEvent
from minsheng.people.models import Organisation

from .test_import_cases import BAD_PLACE, CLOSED, DISPATCHED, RECEIVED, write


@pytest.fixture
def prepared(monkeypatch):  # type: ignore[no-untyped-def]
    """The case numbers of the rows that went through ``Preparer.prepare``."""
    numbers: list[str] = []
    original = Preparer.prepare

    def counting(self, record):  # type: ignore[no-untyped-def]
        numbers.append(record.number)
        return original(self, record)

    monkeypatch.setattr(Preparer, "prepare", counting)
    return numbers


def import_outcome(first, second, *, parallel):  # type: ignore[no-untyped-def]
    """Import ``first``, then ``second``, in batches of two: what the second import reports,
    and what both leave."""
    import_cases(first, batch_size=2, parallel=parallel)
    summary = import_cases(second, batch_size=2, parallel=parallel)
    return {
        "summary": summary.as_dict(),
        "rejected": [(e.line, e.reason) for e in summary.rejected],
        "notices": [(n.line, n.reason) for n in summary.notices],
        "cases": sorted(
            Case.objects.values_list("number", "status", "content", "lead_unit_id", "import_digest")
        ),
        "events": sorted(CaseEvent.objects.values_list("case__number", "kind", "to_status")),
        "audits": [{k: v for k, v in after.items() if k != "file"} for after in batch_audits()],
    }


def batch_audits() -> list[dict[str, object]]:
    entries = AuditEntry.objects.filter(action="hotline.import_batch").order_by("id")
    return [entry.after for entry in entries]


def test_an_unchanged_file_is_counted_without_preparing_its_rows(
    cast, categories, tmp_path, prepared
):
    path = write(tmp_path, CLOSED, RECEIVED, BAD_PLACE, DISPATCHED)
    first = import_cases(path, batch_size=2, parallel=False)
    assert sorted(prepared) == ["A1", "A2", "A3", "B1"]
    events = CaseEvent.objects.count()
    prepared.clear()
    again = import_cases(path, batch_size=2, parallel=False)
    assert prepared == ["B1"]  # the rejected row is read again, and rejected again
    assert (again.imported, again.updated, again.unchanged, again.events) == (0, 3, 3, 0)
    assert [(e.line, e.reason) for e in again.rejected] == [
        (e.line, e.reason) for e in first.rejected
    ]
    assert CaseEvent.objects.count() == events
    # The batches are audited as before: the same lines, now unchanged.
    audits = batch_audits()
    assert [a["lines"] for a in audits] == [[2, 3], [5, 5], [2, 3], [5, 5]]
    assert [a["unchanged"] for a in audits[2:]] == [2, 1]


def test_a_changed_row_is_prepared_and_updates_its_case(cast, categories, tmp_path, prepared):
    import_cases(write(tmp_path, CLOSED, RECEIVED), parallel=False)
    prepared.clear()
    changed = RECEIVED.replace("垃圾没人收", "垃圾还是没人收")
    summary = import_cases(write(tmp_path, CLOSED, changed), parallel=False)
    assert prepared == ["A2"]
    assert (summary.updated, summary.unchanged, summary.events) == (2, 1, 1)
    assert Case.objects.get(number="A2").content == "垃圾还是没人收"


def test_an_unchanged_row_naming_a_unit_no_longer_known_is_still_rejected(
    cast, categories, tmp_path, prepared
):
    path = write(tmp_path, DISPATCHED)
    import_cases(path, parallel=False)
    Organisation.objects.filter(code="BJ-HEAT").update(code="BJ-HEAT-2", name="热力", name_en="")
    summary = import_cases(path, parallel=False)
    assert prepared == ["A3", "A3"]
    [rejected] = summary.rejected
    assert "BJ-HEAT" in rejected.reason and summary.unchanged == 0


def test_an_unchanged_row_outside_the_importers_area_is_still_rejected(
    cast, categories, tmp_path, prepared
):
    from minsheng.regions.models import Region

    path = write(tmp_path, RECEIVED)
    import_cases(path, parallel=False)
    haidian = Region.objects.get(code="110108").path
    summary = import_cases(path, regions=[haidian], parallel=False)
    assert [e.number for e in summary.rejected] == ["A2"] and summary.unchanged == 0


def test_a_number_repeated_in_the_file_is_applied_in_file_order_each_time(
    cast, categories, tmp_path, prepared
):
    later = RECEIVED.replace("垃圾没人收", "垃圾还是没人收")
    path = write(tmp_path, RECEIVED, later)
    import_cases(path, parallel=False)
    # The case holds the later row: the earlier one changes it, then the later one again,
    # exactly as preparing every row does.
    again = import_cases(path, parallel=False)
    assert (again.updated, again.unchanged, again.events) == (2, 0, 2)
    assert len(again.notices) == 1 and again.notices[0].line == 3
    assert Case.objects.get(number="A2").content == "垃圾还是没人收"


def test_withheld_personal_cells_are_counted_for_unchanged_rows(cast, categories, tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text(
        "number,received_at,content,district,category,备注\n"
        "E1,2025-03-05 08:30,路灯坏了,朝阳区,020201,请回电 13812345678\n",
        encoding="utf-8",
    )
    first = import_cases(path, parallel=False)
    again = import_cases(path, parallel=False)
    assert first.withheld_cells == again.withheld_cells == 1 and again.unchanged == 1


@pytest.mark.django_db(transaction=True)
def test_the_second_process_finds_unchanged_rows_on_its_own_connection(
    cast, categories, tmp_path, monkeypatch
):
    path = write(tmp_path, CLOSED, RECEIVED, DISPATCHED)
    import_cases(path, parallel=True)

    def refuse(self, record):  # type: ignore[no-untyped-def]
        raise AssertionError(f"row {record.line} was prepared")

    # The child is forked: it prepares with this patch, and fails the import if it prepares.
    monkeypatch.setattr(Preparer, "prepare", refuse)
    again = import_cases(path, parallel=True)
    assert (again.updated, again.unchanged, again.events) == (3, 3, 0)
    assert batch_audits()[-1]["unchanged"] == 3


def test_an_unchanged_workbook_row_is_known_by_its_digest(cast, categories, tmp_path, prepared):
    import datetime as dt

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["工单编号", "受理时间", "诉求内容", "区", "分类", "派单次数", "备注"])
    # Numbers, dates and empty cells, as spreadsheets store them.
    sheet.append([20250501001, dt.datetime(2025, 5, 1, 9), "小区物业不作为", "朝阳区", "030101", 1])
    path = tmp_path / "cases.xlsx"
    workbook.save(path)
    assert import_cases(path, parallel=False).imported == 1
    prepared.clear()
    again = import_cases(path, parallel=False)
    assert prepared == [] and (again.updated, again.unchanged) == (1, 1)


def test_skipping_unchanged_rows_gives_the_outcome_of_preparing_them(
    cast, categories, tmp_path, monkeypatch, prepared
):
    from django.db import transaction

    from minsheng.hotline.importing import pipeline

    from .test_import_cases import BAD_UNIT, HANDLED

    first = write(tmp_path, CLOSED, RECEIVED, DISPATCHED, HANDLED, name="first.csv")
    later = RECEIVED.replace("垃圾没人收", "垃圾还是没人收")
    # Unchanged, changed, new, refused and repeated rows, across batches of two.
    second = write(
        tmp_path, CLOSED, later, BAD_PLACE, DISPATCHED, BAD_UNIT, RECEIVED, HANDLED, name="b.csv"
    )

    def outcome():  # type: ignore[no-untyped-def]
        with transaction.atomic():
            found = import_outcome(first, second, parallel=False)
            transaction.set_rollback(True)
        return found

    skipping = outcome()
    # A1, A3 and A5 were not prepared again; A2's second row meets the case as line 3 left it.
    assert skipping["summary"]["unchanged"] == 3
    assert sorted(prepared[4:]) == ["A2", "A2", "B1", "B4"]
    prepared.clear()
    monkeypatch.setattr(pipeline, "held_here", lambda numbers, digests: set())
    assert outcome() == skipping
    assert len(prepared) == 4 + 7


def test_a_digest_counts_only_for_the_case_of_its_own_number(cast, categories, tmp_path):
    from minsheng.hotline.importing.digests import held_here

    import_cases(write(tmp_path, CLOSED, RECEIVED), parallel=False)
    digests = dict(Case.objects.values_list("number", "import_digest"))
    assert held_here(["A1", "A2"], [digests["A1"], digests["A2"]]) == {"A1", "A2"}
    assert held_here(["A1", "A2"], [digests["A2"], digests["A1"]]) == set()
    assert held_here(["A1", "A9"], [digests["A1"], digests["A1"]]) == {"A1"}


def test_a_row_whose_cells_hold_the_digests_separator_is_prepared_again(
    cast, categories, tmp_path, prepared
):
    # Cells joined by the separator cannot be told apart from other cells that join the same.
    odd = RECEIVED.replace("垃圾没人收", "垃圾\x1f没人收")
    path = write(tmp_path, CLOSED, odd)
    import_cases(path, parallel=False)
    prepared.clear()
    again = import_cases(path, parallel=False)
    assert prepared == ["A2"]
    # Prepared, then found unchanged by the database: nothing is written again.
    assert (again.updated, again.unchanged, again.events) == (2, 2, 0)


@pytest.mark.django_db(transaction=True)
def test_two_processes_sharing_the_rows_by_number_give_the_outcome_of_one(
    cast, categories, tmp_path, monkeypatch
):
    from django.db import transaction

    from minsheng.hotline.importing import pipeline

    from .test_import_cases import BAD_UNIT, HANDLED

    first = write(tmp_path, CLOSED, RECEIVED, DISPATCHED, HANDLED, name="first.csv")
    later = RECEIVED.replace("垃圾没人收", "垃圾还是没人收")
    unreadable = 'C1,2025-03-06 08:30,web,complaint,,,,,"未闭合的引号'
    # Unchanged, changed, new, refused and repeated rows; last a quote never closed, which the
    # reader takes to the end of the file.
    second = write(
        tmp_path,
        CLOSED,
        later,
        BAD_PLACE,
        DISPATCHED,
        BAD_UNIT,
        RECEIVED,
        HANDLED,
        unreadable,
        name="second.csv",
    )
    monkeypatch.setattr(pipeline, "preparers", lambda: 2)

    with transaction.atomic():  # one process, then undone
        in_one = import_outcome(first, second, parallel=False)
        transaction.set_rollback(True)
    # Committed: the processes read on their own connections.
    in_two = import_outcome(first, second, parallel=True)
    # The batches differ (each process makes its own); what they wrote adds up the same.
    for outcome in (in_one, in_two):
        audits = outcome.pop("audits")
        totals = ("imported", "updated", "unchanged")
        outcome["audited"] = [sum(a[key] for a in audits) for key in totals]
    assert in_two == in_one
    assert in_one["summary"]["unchanged"] == 3
    assert (len(in_one["rejected"]), len(in_one["notices"])) == (2, 1)
    assert "C1" in {number for number, *_ in in_one["cases"]}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_preparing_process_that_fails_or_dies_fails_the_import(
    cast, categories, tmp_path, monkeypatch, how
):
    import os

    from minsheng.hotline.importing import pipeline

    original = Preparer.prepare

    def failing(self, record):  # type: ignore[no-untyped-def]
        if record.number == "A3":
            if how == "dies":
                os._exit(3)  # as a killed process: nothing more is sent
            raise RuntimeError("broken")
        return original(self, record)

    monkeypatch.setattr(pipeline, "preparers", lambda: 2)
    monkeypatch.setattr(Preparer, "prepare", failing)  # the children are forked with it
    expected = "stopped unexpectedly" if how == "dies" else "broken"
    with pytest.raises(RuntimeError, match=expected):
        import_cases(write(tmp_path, CLOSED, RECEIVED, DISPATCHED), parallel=True)
