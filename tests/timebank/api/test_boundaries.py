"""Inputs that once made the Time Bank's API fail with a server error, and what it shows whom.

Each answers 400 (or 404) with a message in the user's language; nothing is written.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from minsheng.timebank import ledger
from minsheng.timebank.models import Account, Attendance, Grant, GrantBudget, TrainingRecord

pytestmark = pytest.mark.django_db

BASE = "/api/timebank"


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
        client.force_authenticate(user)
        return client

    return as_user


@pytest.mark.parametrize(
    "query",
    [
        "balance/?as_of=0002-06-26T21:46:15-21:49",
        "balance/?as_of=2309-03-12T17:46:43%2B18:31",
        "statement/?start=0002-06-26T21:46:15-21:49",
        "statement/?end=9999-12-31T23:59:59-14:00",
        "balance/?as_of=2025-02-30T10:00:00",
    ],
)
def test_extreme_years_and_offsets_answer_400_not_a_server_error(api, tb, query):
    account = ledger.person_account(tb.cast.elder)
    response = api(tb.cast.city_admin).get(f"{BASE}/accounts/{account.pk}/{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_an_offset_out_of_range_is_explained_in_chinese(api, tb):
    account = ledger.person_account(tb.cast.elder)
    response = api(tb.cast.city_admin).get(
        f"{BASE}/accounts/{account.pk}/balance/?as_of=2025-03-12T17:46:43%2B18:31"
    )
    assert "时区" in str(response.json()["error"]["fields"]["as_of"])


def test_booking_an_order_that_is_not_a_number_answers_404(api, tb):
    response = api(tb.cast.volunteer).post(f"{BASE}/orders/false/book/")
    assert response.status_code == 404


def test_a_training_of_negative_hours_is_refused_with_a_reason(api, tb):
    profile = tb.cast.volunteer.volunteer_profile
    before = TrainingRecord.objects.count()
    response = api(tb.cast.station_operator).post(
        f"{BASE}/volunteers/{profile.pk}/training/",
        {"title": "急救", "completed_on": "2025-01-02", "hours": "-9"},
        format="json",
    )
    assert response.status_code == 400
    assert "hours" in response.json()["error"]["fields"]
    assert TrainingRecord.objects.count() == before


def test_a_grant_form_with_a_nul_character_answers_400(api, tb):
    before = Grant.objects.count()
    response = api(tb.cast.city_admin).post(
        f"{BASE}/grants/",
        {"recipient": tb.cast.elder.pk, "rule": "x", "issuer": "1100\x0000"},
    )
    assert response.status_code == 400
    assert "NUL" in response.json()["error"]["message"]
    assert Grant.objects.count() == before


def test_a_budget_for_year_26184_is_refused_and_the_budgets_stay_readable(api, tb, client):
    response = api(tb.cast.city_admin).post(
        f"{BASE}/budgets/", {"region": "110105", "year": 26184, "minutes": 1}, format="json"
    )
    assert response.status_code == 400
    assert "year" in response.json()["error"]["fields"]
    assert not GrantBudget.objects.filter(year=26184).exists()
    client.force_login(tb.cast.city_admin)
    assert client.get("/timebank/budgets/").status_code == 200


def test_set_budget_itself_refuses_a_year_no_page_offers(tb):
    from django.core.exceptions import ValidationError

    from minsheng.timebank.actions import funding

    with pytest.raises(ValidationError):
        funding.set_budget(actor=tb.cast.city_admin, region=tb.chaoyang, year=26184, minutes=1)


def test_open_requests_show_volunteers_what_when_and_where_roughly(api, tb):
    order = tb.approved(tb.cast.elder)
    results = api(tb.cast.volunteer).get(f"{BASE}/orders/open/").json()["results"]
    shown = next(row for row in results if row["id"] == order.pk)
    assert shown["item"] == order.item.code
    assert shown["region_name"] == order.region.name
    assert shown["nearness"] in {"community", "subdistrict", "district", "city"}
    text = str(results)
    assert tb.cast.elder.name not in text
    assert not {"beneficiary", "address", "description", "payer"} & set(shown)


def test_the_booked_volunteer_then_sees_who_and_where(api, tb):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    detail = api(tb.cast.volunteer).get(f"{BASE}/orders/{order.pk}/").json()
    assert detail["beneficiary"]["name"] == tb.cast.elder.name
    assert "address" in detail
    other = tb.volunteer()
    assert api(other).get(f"{BASE}/orders/{order.pk}/").status_code == 404


def test_reading_ones_account_opens_none(api, tb):
    from minsheng.people.actions import grant_role

    newcomer = tb.person("新人")
    grant_role(actor=tb.cast.city_admin, user=newcomer, role="volunteer", region=tb.jinsong)
    assert not Account.objects.filter(owner=newcomer).exists()
    before = Account.objects.count()
    response = api(newcomer).get(f"{BASE}/accounts/mine/")
    assert response.status_code == 404
    assert Account.objects.count() == before


def test_attendances_follow_one_rule_for_city_and_district_administrators(api, tb):
    from minsheng.timebank.actions import activities

    activity = activities.create_activity(
        actor=tb.cast.station_operator,
        title="重阳节活动",
        station=tb.station,
        item=tb.item(),
        place="劲松社区活动室",
        starts_at=tb.start(48),
        ends_at=tb.start(50),
        capacity=10,
    )
    activities.join_activity(actor=tb.cast.volunteer, activity=activity)
    assert Attendance.objects.count() == 1
    for admin in (tb.cast.city_admin, tb.cast.chaoyang_admin, tb.cast.station_operator):
        response = api(admin).get(f"{BASE}/attendances/")
        assert response.status_code == 200, admin
        assert response.json()["count"] == 1
    assert api(tb.cast.volunteer).get(f"{BASE}/attendances/").json()["count"] == 1
    assert api(tb.cast.elder).get(f"{BASE}/attendances/").status_code == 403


def test_reading_ones_account_page_or_statement_opens_none(api, tb, client):
    from minsheng.people.actions import grant_role

    newcomer = tb.person("新人")
    grant_role(actor=tb.cast.city_admin, user=newcomer, role="volunteer", region=tb.jinsong)
    client.force_login(newcomer)
    assert client.get("/timebank/account/").status_code == 200
    assert client.get("/timebank/account/?as_of=2025-01-01").status_code == 200
    assert not Account.objects.filter(owner=newcomer).exists()
    other = tb.person("另一位")
    opened = ledger.person_account(other)  # opened, as a first posting would
    response = api(tb.cast.city_admin).get(f"{BASE}/accounts/{opened.pk}/statement/")
    assert response.status_code == 200
    assert list(Account.objects.filter(owner=other)) == [opened]  # no hold account opened
