"""A run of ``select-issues`` on the command line, stored with ``--save-as``, is planned like a
run started on the web page: its candidate becomes a programme problem."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from minsheng.audit.models import AuditEntry
from minsheng.hotline.synthetic import GenerationSpec, write_cases
from minsheng.monthly.models import SelectionRun
from minsheng.monthly.selection import actions as selection

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def year_file(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "cases-2025.csv"
    write_cases(GenerationSpec.year(2025, 3000, seed=5), path)
    return path


def select(year_file, tmp_path, *extra):  # type: ignore[no-untyped-def]
    call_command(
        "select_issues",
        "--year",
        "2025",
        "--input",
        str(year_file),
        "--top",
        "3",
        "--out",
        str(tmp_path / "candidates.json"),
        *extra,
    )


def test_a_command_line_candidate_becomes_a_programme_problem(
    client, cast, plan, theme, year_file, tmp_path
):
    select(year_file, tmp_path, "--save-as", cast.programme_office.username)
    run = SelectionRun.objects.get()
    assert run.created_by == cast.programme_office and run.finished_at is not None
    assert run.source_name == "cases-2025.csv" and len(run.candidates) == 3
    assert (run.period_start.isoformat(), run.period_end.isoformat()) == (
        "2025-01-01",
        "2025-12-31",
    )
    assert AuditEntry.objects.for_object(run).get().action == "monthly.record_selection"
    candidate = run.candidates[0]
    selection.decide_candidate(
        actor=cast.programme_office, run=run, key=candidate["key"], decision="shortlisted"
    )
    client.force_login(cast.programme_office)
    response = client.post(
        reverse("monthly:plan_candidate", args=[run.pk, candidate["key"]]),
        {"plan": plan.pk, "month": "5"},
    )
    assert response.status_code == 302
    assert candidate["label"] in client.get(response["Location"]).content.decode()


def test_without_save_as_nothing_is_stored(year_file, tmp_path):
    select(year_file, tmp_path)
    assert not SelectionRun.objects.exists()


def test_a_user_who_may_not_run_the_selection_is_refused_before_the_analysis(
    cast, year_file, tmp_path
):
    with pytest.raises(CommandError, match="may not run the selection"):
        select(year_file, tmp_path, "--save-as", cast.outsider.username, "--language", "en")
    with pytest.raises(CommandError, match="no user"):
        select(year_file, tmp_path, "--save-as", "nobody", "--language", "en")
    assert not (tmp_path / "candidates.json").exists()
    assert not SelectionRun.objects.exists()
