"""The REST API: the same operations as the pages, 409 for illegal moves, scoped lists."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from minsheng.hotline.models import Case, Status

from .conftest import other_district_case


@pytest.fixture
def api():  # type: ignore[no-untyped-def]
    return APIClient()


def as_user(api, user):  # type: ignore[no-untyped-def]
    api.force_authenticate(user)
    return api


def test_a_dispatcher_creates_and_dispatches_a_case(api, cast, categories, jinsong):
    as_user(api, cast.dispatcher)
    created = api.post(
        "/api/hotline/cases/",
        {"content": "楼道堆物", "subdistrict": "110105017", "category": "030101"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    number = created.json()["number"]
    suggestion = api.get(f"/api/hotline/cases/{number}/suggestion/").json()
    assert suggestion["unit"] == "SD-110105017"
    response = api.post(
        f"/api/hotline/cases/{number}/dispatch/",
        {"unit": "SD-110105017", "cooperating": ["BJ-ZJW"]},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "dispatched"


def test_the_unit_works_the_case_through_the_api(api, cast, dispatched_case):
    as_user(api, cast.unit_staff)
    base = f"/api/hotline/cases/{dispatched_case.number}"
    assert api.post(f"{base}/accept/").status_code == 200
    assert api.post(f"{base}/contact/", {"note": "已联系"}, format="json").status_code == 200
    done = api.post(
        f"{base}/result/", {"result": "resolved", "resolution": "已修复"}, format="json"
    )
    assert done.json()["status"] == "handled"
    as_user(api, cast.dispatcher)
    closed = api.post(
        f"{base}/callback/", {"resolved": True, "satisfaction": "satisfied"}, format="json"
    )
    assert closed.json()["status"] == "closed"
    events = api.get(f"{base}/events/").json()
    assert [e["kind"] for e in events][-2:] == ["surveyed", "closed"]


def test_an_illegal_move_is_a_409(api, cast, new_case):
    as_user(api, cast.dispatcher)
    response = api.post(
        f"/api/hotline/cases/{new_case.number}/callback/",
        {"resolved": True, "satisfaction": "satisfied"},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert Case.objects.get(pk=new_case.pk).status == Status.RECEIVED


def test_bad_input_is_a_400_with_fields(api, cast, dispatched_case):
    as_user(api, cast.unit_staff)
    response = api.post(f"/api/hotline/cases/{dispatched_case.number}/return/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]


def test_lists_are_scoped_and_outsiders_get_404_or_403(api, cast, dispatched_case):
    haidian = other_district_case(cast)
    as_user(api, cast.unit_staff)
    numbers = [c["number"] for c in api.get("/api/hotline/cases/").json()["results"]]
    assert numbers == [dispatched_case.number]
    assert api.get(f"/api/hotline/cases/{haidian.number}/").status_code == 404
    assert (
        api.post(
            f"/api/hotline/cases/{dispatched_case.number}/dispatch/",
            {"unit": "BJ-ZJW"},
            format="json",
        ).status_code
        == 403
    )
    as_user(api, cast.outsider)
    assert api.get("/api/hotline/cases/").status_code == 403


def test_the_caller_is_masked_unless_revealed(api, cast, dispatched_case):
    as_user(api, cast.unit_staff)
    detail = api.get(f"/api/hotline/cases/{dispatched_case.number}/").json()
    assert detail["caller_phone_masked"] == "138****5678" and "caller_phone" not in detail
    shown = api.post(f"/api/hotline/cases/{dispatched_case.number}/caller/").json()
    assert shown["phone"] == "13812345678"


def test_rules_and_categories(api, cast, categories):
    as_user(api, cast.city_admin)
    created = api.post(
        "/api/hotline/rules/",
        {"category": "0601", "target": "unit", "unit": "BJ-HEAT"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert api.post(f"/api/hotline/rules/{created.json()['id']}/deactivate/").status_code == 200
    assert len(api.get("/api/hotline/categories/?level=1").json()) >= 22


def test_the_schema_lists_the_hotline_operations(api, cast):
    as_user(api, cast.city_admin)
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in (
        "/api/hotline/cases/{number}/dispatch/",
        "/api/hotline/cases/{number}/callback/",
        "/api/hotline/assessment/units/",
        "/api/hotline/rules/",
    ):
        assert path in schema
