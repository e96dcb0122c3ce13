"""The programme's REST API: each reader within their scope, outcomes, progress reports."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from minsheng.monthly.models import ProgressNote
from minsheng.monthly.programme import matching

from .conftest import import_rows, row


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_plans_and_problems_as_the_office_sees_them(api, cast, problem):
    api.force_authenticate(cast.programme_office)
    plans = api.get("/api/monthly/plans/").json()["results"]
    assert plans[0]["year"] == 2025 and plans[0]["themes"][0]["month"] == 5
    listed = api.get("/api/monthly/problems/?year=2025").json()["results"]
    assert [p["title"] for p in listed] == ["老旧小区加装电梯难"]
    detail = api.get(f"/api/monthly/problems/{problem.pk}/").json()
    assert detail["lead_department"] == "BJ-ZJW" and detail["categories"] == ["0302"]
    assert detail["tasks"] == [] and detail["key_phrases"] == ["电梯"]


def test_a_leader_sees_only_their_problems(api, cast, problem, beijing):
    from minsheng.people.models import RoleAssignment, User

    other = User.objects.create_user(username="leader-2", password="x", name="王")
    RoleAssignment.objects.create(user=other, role="leader", region=beijing["110000"])
    api.force_authenticate(other)
    assert api.get("/api/monthly/problems/").json()["results"] == []
    assert api.get(f"/api/monthly/problems/{problem.pk}/").status_code == 404
    api.force_authenticate(cast.dispatcher)
    assert api.get("/api/monthly/problems/").status_code == 403


def test_the_outcome(api, cast, problem, tmp_path):
    import_rows(
        tmp_path,
        [
            row("B1", "2025-03-02 09:00", "加装电梯", resolved="no", satisfied="dissatisfied"),
            row("A1", "2025-07-02 09:00", "加装电梯"),
        ],
    )
    matching.match_new(problem)
    api.force_authenticate(cast.leader)
    body = api.get(f"/api/monthly/problems/{problem.pk}/outcome/").json()
    assert body["month"] == "2025-05-01"
    assert (body["before"]["cases"], body["after"]["cases"]) == (1, 1)
    assert body["change"]["resolution_rate"] == 100.0


def test_the_lead_department_reports_progress_the_city_does_not(api, cast, problem):
    api.force_authenticate(cast.department_staff)
    response = api.post(f"/api/monthly/problems/{problem.pk}/notes/", {"text": "已完成摸排"})
    assert response.status_code == 201
    assert ProgressNote.objects.get().written_by == cast.department_staff
    api.force_authenticate(cast.city_admin)
    assert api.post(f"/api/monthly/problems/{problem.pk}/notes/", {"text": "x"}).status_code == 403
    assert ProgressNote.objects.count() == 1


def test_the_schema_describes_the_programme(api, cast):
    api.force_authenticate(cast.programme_office)
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/monthly/problems/{id}/outcome/" in schema
