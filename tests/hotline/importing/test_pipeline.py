"""Large files are prepared in a second process: the outcome is the same, row for row."""

from __future__ import annotations

import pytest

from minsheng.audit.models import AuditEntry
from minsheng.cases.casefile import CaseFileError
from minsheng.hotline.importing import import_cases
from minsheng.hotline.models import Case
from minsheng.hotline.records import case_records

from .test_import_cases import BAD_PLACE, CLOSED, DISPATCHED, HANDLED, RECEIVED, write


def records(numbers):  # type: ignore[no-untyped-def]
    return {r.number: r.as_row() for r in case_records(Case.objects.filter(number__in=numbers))}


@pytest.mark.parametrize("parallel", [False, True])
def test_a_second_process_gives_the_same_cases_and_accounting(cast, categories, tmp_path, parallel):
    rows = [
        CLOSED,
        RECEIVED,
        BAD_PLACE,
        DISPATCHED,
        HANDLED,
        RECEIVED.replace("垃圾没人收", "垃圾还是没人收"),
    ]
    summary = import_cases(write(tmp_path, *rows), parallel=parallel, batch_size=2)
    assert (summary.imported, summary.updated, len(summary.rejected)) == (4, 1, 1)
    assert summary.rejected[0].line == 4
    assert Case.objects.get(number="A2").content == "垃圾还是没人收"
    assert set(records(["A1", "A3", "A5"])) == {"A1", "A3", "A5"}


def test_both_ways_store_the_same_records(cast, categories, tmp_path):
    path = write(tmp_path, CLOSED, DISPATCHED, HANDLED)
    import_cases(path, parallel=False)
    in_process = records(["A1", "A3", "A5"])
    Case.objects.filter(number__in=["A1", "A3", "A5"]).update(import_digest="")  # import again
    import_cases(path, parallel=True)
    assert records(["A1", "A3", "A5"]) == in_process


def test_a_file_error_in_the_second_process_is_raised_here(cast, categories, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("number,content\nA1,x\n", encoding="utf-8")
    with pytest.raises(CaseFileError):
        import_cases(path, parallel=True)


def test_every_batch_is_audited_in_its_transaction(cast, categories, tmp_path):
    import_cases(write(tmp_path, CLOSED, RECEIVED, DISPATCHED), batch_size=2)
    batches = AuditEntry.objects.filter(action="hotline.import_batch").order_by("id")
    assert [entry.after["lines"] for entry in batches] == [[2, 3], [4, 4]]
    assert AuditEntry.objects.get(action="hotline.import_cases").after["imported"] == 3
