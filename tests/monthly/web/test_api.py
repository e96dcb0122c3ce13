"""The REST API: runs and their candidates, decisions, category suggestions."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from minsheng.audit.models import AuditEntry
from minsheng.jobs import runner
from minsheng.monthly.models import SelectionRun
from tests.monthly.runs import CANDIDATE_FIELDS

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_runs_are_listed_for_the_office_and_leaders_only(
    cast, finished_run, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        listed = api(cast.leader).get("/api/monthly/runs/")
    assert listed.status_code == 200
    assert [r["id"] for r in listed.json()["results"]] == [finished_run.pk]
    assert listed.json()["results"][0]["status"] == "finished"
    assert api(cast.dispatcher).get("/api/monthly/runs/").status_code == 403


def test_a_run_carries_its_candidates_in_the_contract(cast, finished_run):
    data = api(cast.programme_office).get(f"/api/monthly/runs/{finished_run.pk}/").json()
    top = data["candidates"][0]
    assert set(top) >= CANDIDATE_FIELDS
    assert data["summary"]["cases"] == 3000


def test_the_office_starts_a_run_on_the_database(cast, small_year, var):
    from minsheng.hotline.importing import import_cases

    import_cases(small_year)
    response = api(cast.programme_office).post(
        "/api/monthly/runs/",
        {
            "mode": "year",
            "source": "database",
            "start": "2025-01-01",
            "end": "2025-12-31",
            "top": 4,
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["status"] == "queued"
    runner.run_pending()
    assert len(SelectionRun.objects.get().candidates) == 4
    refused = api(cast.leader).post(
        "/api/monthly/runs/",
        {
            "mode": "year",
            "source": "database",
            "start": "2025-01-01",
            "end": "2025-12-31",
        },
        format="json",
    )
    assert refused.status_code == 403


def test_bad_runs_are_refused_with_reasons(cast, var):
    response = api(cast.city_admin).post(
        "/api/monthly/runs/",
        {
            "mode": "year",
            "source": "server",
            "server_file": "../../etc/passwd",
            "start": "2025-01-01",
            "end": "2025-12-31",
        },
        format="json",
    )
    assert response.status_code == 400 and not SelectionRun.objects.exists()


def test_decisions_through_the_api_are_audited(cast, finished_run):
    key = finished_run.candidates[1]["key"]
    url = f"/api/monthly/runs/{finished_run.pk}/decisions/"
    made = api(cast.programme_office).post(
        url, {"key": key, "decision": "shortlisted", "note": "建议列入"}, format="json"
    )
    assert made.status_code == 201 and made.json()["rank"] == 2
    assert api(cast.leader).get(url).json()[0]["note"] == "建议列入"
    assert api(cast.leader).post(url, {"key": key, "decision": "rejected"}).status_code == 403
    assert (
        api(cast.city_admin).post(url, {"key": "none", "decision": "rejected"}).status_code == 400
    )
    assert AuditEntry.objects.filter(action="monthly.decide_candidate").count() == 1


def test_dispatchers_get_category_suggestions(cast, small_year, var):
    from django.core.management import call_command

    # Without the model search (tested in tests/cases/test_classifier_small_files.py): minutes.
    call_command("train_classifier", "--input", str(small_year), "--search", "none")
    response = api(cast.dispatcher).post(
        "/api/monthly/suggest/",
        {
            "title": "暖气不热",
            "content": "家里暖气一点都不热，室温只有十四度",
            "top": 2,
        },
        format="json",
    )
    assert response.status_code == 200
    first = response.json()[0]
    assert first["code"] in {"060101", "060102"} and first["name"] and 0 < first["confidence"] <= 1
    assert api(cast.outsider).post("/api/monthly/suggest/", {"content": "x"}).status_code == 403
