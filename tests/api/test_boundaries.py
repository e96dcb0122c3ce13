"""Inputs that once made the API fail with a server error: each now answers 400 (or 404) with a
message in the user's language, and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from minsheng.hotline.models import DispatchRule, DistrictMonth, UnitMonth
from minsheng.people.models import Organisation
from minsheng.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def as_user(user, language="zh-hans"):
        client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
        client.force_authenticate(user)
        return client

    return as_user


def test_a_single_unit_month_and_district_month_are_served(api, cast):
    month = dt.date(2025, 3, 1)
    chaoyang = Region.objects.get(code="110105")
    unit = UnitMonth.objects.create(
        month=month,
        unit=Organisation.objects.get(code="SD-110105017"),
        unit_kind="subdistrict",
        district=chaoyang,
        computed_at=timezone.now(),
    )
    district = DistrictMonth.objects.create(
        month=month, district=chaoyang, computed_at=timezone.now()
    )
    for user in (cast.city_admin, cast.chaoyang_admin, cast.unit_staff):
        client = api(user)
        assert client.get(f"/api/hotline/assessment/units/{unit.pk}/").status_code == 200
        assert client.get(f"/api/hotline/assessment/districts/{district.pk}/").status_code == 200
    assert api(cast.volunteer).get(f"/api/hotline/assessment/units/{unit.pk}/").status_code == 403


def test_an_empty_dispatch_rule_is_refused_with_the_missing_unit(api, cast):
    response = api(cast.city_admin).post("/api/hotline/rules/", {}, format="json")
    assert response.status_code == 400
    assert "unit" in response.json()["error"]["fields"]
    assert not DispatchRule.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"note": "夜间\x00值班", "unit": "SD-110105017"},
        {"region": "110105\x00", "unit": "SD-110105017"},
        {"unit": "SD-110105017", "cooperating_units": ["BJ-ZJW\x00"]},
        {"unit\x00": "SD-110105017"},
    ],
)
def test_a_nul_character_anywhere_in_a_json_body_answers_400(api, cast, payload):
    response = api(cast.city_admin).post("/api/hotline/rules/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    assert "NUL" in response.json()["error"]["message"]
    assert not DispatchRule.objects.exists()


def test_a_nul_character_in_a_form_answers_400_in_the_users_language(api, cast):
    response = api(cast.city_admin).post("/api/hotline/rules/", {"region": "1101\x0005"})
    assert response.status_code == 400
    assert "不允许" in response.json()["error"]["message"]
    english = api(cast.city_admin, "en").post("/api/hotline/rules/", {"note": "\x00"})
    assert "not allowed" in english.json()["error"]["message"]


def test_a_nul_character_in_a_query_answers_400(api, cast):
    response = api(cast.city_admin).get("/api/regions/?code=1101%0005")
    assert response.status_code == 400
    assert "NUL" in response.json()["error"]["message"]


def test_a_nul_character_in_a_page_form_answers_400(client, cast):
    client.force_login(cast.city_admin)
    response = client.post("/timebank/budgets/", {"region": "1\x00", "year": "2026"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "moment", ["2309-03-12T17:46:43%2B18:31", "0002-06-26T21:46:15-21:49", "1000-01-01T00:00"]
)
def test_extreme_years_and_offsets_in_case_filters_answer_400(api, cast, moment):
    response = api(cast.dispatcher).get(f"/api/hotline/cases/?received_before={moment}")
    assert response.status_code == 400
    assert "received_before" in response.json()["error"]["fields"]


def test_ordinary_moments_still_filter_cases(api, cast):
    response = api(cast.dispatcher).get(
        "/api/hotline/cases/?received_after=2025-03-12T17:46:43%2B08:00"
    )
    assert response.status_code == 200


def _schema(api, cast):  # type: ignore[no-untyped-def]
    return api(cast.city_admin).get("/api/schema/", {"format": "json"}).json()


def test_the_schema_marks_fields_that_may_be_empty_as_nullable(api, cast):
    components = _schema(api, cast)["components"]["schemas"]
    nullable = {
        "Case": ["district", "category", "lead_unit", "master"],
        "Event": ["actor", "unit"],
        "Category": ["parent"],
        "UnitMonth": ["district"],
    }
    for component, fields in nullable.items():
        for name in fields:
            assert components[component]["properties"][name].get("nullable"), (component, name)


def test_the_schema_documents_every_operations_errors(api, cast):
    schema = _schema(api, cast)
    assert schema["components"]["schemas"]["Error"]["required"] == ["error"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "404"} <= codes, (method, path)
            if method in {"post", "put", "patch", "delete"}:
                assert "409" in codes, (method, path)


def test_a_nul_character_in_a_header_answers_400(cast):
    client = APIClient()
    response = client.get("/api/me/", HTTP_AUTHORIZATION="Token abc\x00def")
    assert response.status_code == 400
    assert "NUL" in response.json()["error"]["message"]


def test_a_multipart_body_without_a_boundary_answers_400_in_the_error_shape(api, cast):
    response = api(cast.city_admin).post(
        "/api/hotline/rules/", data=b"x", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
