"""The forecasts' REST API: runs, their weeks ahead and backtest, and the proactive items, with
the pages' access and actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from minsheng.audit.models import AuditEntry
from minsheng.jobs.models import Job
from minsheng.monthly.models import ForecastRun, ProactiveItem

pytestmark = pytest.mark.django_db
ROWS = [
    {
        "week_start": "2024-11-18",
        "district": None,
        "category": "供暖",
        "expected": 120.5,
        "low": 100.0,
        "high": 140.0,
    },
    {
        "week_start": "2024-11-25",
        "district": None,
        "category": "供暖",
        "expected": 130.0,
        "low": 110.0,
        "high": 150.0,
    },
]
BACKTEST = {
    "weeks": 4,
    "actual": 900,
    "model": 0.12,
    "same_week_last_year": 0.2,
    "last_four_weeks": 0.3,
    "coverage": 0.8,
}


@pytest.fixture
def api() -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.default_format = "json"
    return client


@pytest.fixture
def run(cast) -> ForecastRun:
    stored = ForecastRun.objects.create(
        by=ForecastRun.By.CATEGORY,
        weeks=2,
        until=dt.date(2024, 11, 17),
        created_by=cast.programme_office,
        rows=ROWS,
        backtest=BACKTEST,
        summary={"groups": 1},
        finished_at=timezone.now(),
    )
    for category, expected, usual in (("供暖", 250.5, 120.0), ("排水", 80.0, 50.0)):
        ProactiveItem.objects.create(
            run=stored,
            category=category,
            first_week=dt.date(2024, 11, 18),
            weeks=2,
            expected=expected,
            usual=usual,
        )
    return stored


def test_runs_list_and_a_run_has_its_weeks_and_backtest(api, cast, run):
    api.force_authenticate(cast.leader)
    listed = api.get("/api/monthly/forecasts/").json()["results"]
    assert [(r["id"], r["status"], r["by"]) for r in listed] == [(run.pk, "finished", "category")]
    assert listed[0]["started_by"] == cast.programme_office.username and "rows" not in listed[0]
    detail = api.get(f"/api/monthly/forecasts/{run.pk}/").json()
    assert detail["rows"] == ROWS
    assert {k: detail["backtest"][k] for k in BACKTEST} == BACKTEST
    assert detail["backtest"]["text"].startswith("Backtest on the last 4 weeks")
    assert detail["backtest"]["verdict"].startswith("The forecast did better")


def test_the_forecasts_are_for_the_office_the_city_and_leaders(api, cast, run):
    for member, answer in [
        ("programme_office", 200),
        ("city_admin", 200),
        ("leader", 200),
        ("dispatcher", 403),
        ("department_staff", 403),
    ]:
        api.force_authenticate(getattr(cast, member))
        assert api.get("/api/monthly/forecasts/").status_code == answer, member
        assert api.get(f"/api/monthly/forecasts/{run.pk}/").status_code == answer, member
    api.force_authenticate(None)
    assert api.get("/api/monthly/forecasts/").status_code in {401, 403}


def test_the_office_starts_a_forecast_and_a_leader_cannot(api, cast):
    api.force_authenticate(cast.programme_office)
    response = api.post(
        "/api/monthly/forecasts/", {"by": "district", "weeks": 6, "until": "2024-11-17"}
    )
    assert response.status_code == 201, response.json()
    run = ForecastRun.objects.get(pk=response.json()["id"])
    assert run.by == "district" and run.weeks == 6 and run.created_by == cast.programme_office
    assert Job.objects.filter(pk=run.job_id, kind="monthly.forecast").exists()
    assert response.json()["status"] == run.job.status
    bad = api.post("/api/monthly/forecasts/", {"weeks": 60, "until": "2024-11-17"})
    assert bad.status_code == 400 and "weeks" in bad.json()["error"]["fields"]
    api.force_authenticate(cast.leader)
    refused = api.post("/api/monthly/forecasts/", {"weeks": 6, "until": "2024-11-17"})
    assert refused.status_code == 403 and ForecastRun.objects.count() == 1


def test_the_office_hands_an_item_to_a_unit_once(api, cast, run):
    item = ProactiveItem.objects.get(run=run, category="供暖")
    unit = cast.department_staff.role_assignments.get().organisation
    due = (timezone.now() + dt.timedelta(days=14)).date().isoformat()
    api.force_authenticate(cast.programme_office)
    listed = api.get(f"/api/monthly/forecasts/items/?run={run.pk}&status=open").json()["results"]
    assert [i["category"] for i in listed] == ["供暖", "排水"]
    url = f"/api/monthly/forecasts/items/{item.pk}/assign/"
    answer = api.post(url, {"unit": unit.code, "task": "检查供热管网", "due": due})
    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "assigned" and answer.json()["unit"] == unit.code
    assert AuditEntry.objects.get(action="monthly.assign_proactive_item").after["unit"] == unit.code
    again = api.post(f"/api/monthly/forecasts/items/{item.pk}/dismiss/", {"note": "重复"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_decided"
    # The unit's staff see the task handed to them, not the other items nor the forecasts.
    api.force_authenticate(cast.department_staff)
    seen = api.get("/api/monthly/forecasts/items/").json()["results"]
    assert [(i["id"], i["task"]) for i in seen] == [(item.pk, "检查供热管网")]
    assert api.post(url, {"unit": unit.code, "task": "x", "due": due}).status_code == 403


def test_bad_decisions_are_explained_and_change_nothing(api, cast, run):
    item = ProactiveItem.objects.get(run=run, category="排水")
    unit = cast.department_staff.role_assignments.get().organisation
    api.force_authenticate(cast.programme_office)
    url = f"/api/monthly/forecasts/items/{item.pk}/"
    assert api.post(url + "dismiss/", {"note": ""}).status_code == 400
    past = api.post(url + "assign/", {"unit": unit.code, "task": "查", "due": "2020-01-01"})
    assert (
        past.status_code == 400 and "past" in past.json()["error"]["fields"]["non_field_errors"][0]
    )
    unknown = api.post(url + "assign/", {"unit": "NO-SUCH", "task": "查", "due": "2030-01-01"})
    assert unknown.status_code == 400 and "unit" in unknown.json()["error"]["fields"]
    item.refresh_from_db()
    assert item.status == "open" and not AuditEntry.objects.filter(target_id=str(item.pk)).exists()
    api.force_authenticate(cast.leader)
    assert api.post(url + "dismiss/", {"note": "不"}).status_code == 403


def test_the_schema_lists_the_forecast_operations(api, cast):
    api.force_authenticate(cast.city_admin)
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in (
        "/api/monthly/forecasts/",
        "/api/monthly/forecasts/{id}/",
        "/api/monthly/forecasts/items/",
        "/api/monthly/forecasts/items/{id}/assign/",
        "/api/monthly/forecasts/items/{id}/dismiss/",
    ):
        assert path in schema, path
