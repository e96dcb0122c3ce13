"""The REST API: every move, 409 with the reason for illegal ones, 404 outside one's area."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from minsheng.timebank import clock, ledger
from minsheng.timebank.models import ServiceOrder, Transaction
from minsheng.timebank.presence import actions as presence
from minsheng.timebank.presence import tokens

pytestmark = pytest.mark.django_db

BASE = "/api/timebank"


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def test_the_whole_procedure_through_the_api(api, tb):
    start = (timezone.now() + dt.timedelta(days=1)).replace(microsecond=0)
    elder = api(tb.cast.elder)
    response = elder.post(
        f"{BASE}/orders/",
        {
            "beneficiary": tb.cast.elder.pk,
            "item": tb.item().pk,
            "starts_at": start.isoformat(),
            "duration_minutes": 60,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert api(tb.cast.station_operator).post(f"{BASE}/orders/{pk}/approve/").status_code == 200
    volunteer = api(tb.cast.volunteer)
    open_ids = [o["id"] for o in volunteer.get(f"{BASE}/orders/open/").json()["results"]]
    assert pk in open_ids
    assert volunteer.post(f"{BASE}/orders/{pk}/book/").json()["state"] == "booked"
    door = presence.issue_card(actor=tb.cast.station_operator, elder=tb.cast.elder)
    scanned = {"token": tokens.token_for(door.code)}
    with clock.at(start):
        assert volunteer.post(f"{BASE}/orders/{pk}/sign-in/", scanned).status_code == 200
    with clock.at(start + dt.timedelta(minutes=60)):
        assert volunteer.post(f"{BASE}/orders/{pk}/sign-out/", scanned).status_code == 200
    with clock.at(start + dt.timedelta(minutes=65)):
        confirmed = elder.post(f"{BASE}/orders/{pk}/confirm/", {"rating": 5}, format="json")
    assert confirmed.json()["state"] == "settled"
    assert confirmed.json()["credited_minutes"] == 60
    mine = volunteer.get(f"{BASE}/accounts/mine/").json()
    assert (mine["balance"], mine["earned"]) == (60, 60)
    detail = elder.get(f"{BASE}/orders/{pk}/").json()
    assert [e["kind"] for e in detail["events"]][-2:] == ["confirmed", "settled"]


def test_an_illegal_move_answers_409_with_the_reason(api, tb):
    order = tb.settled(tb.cast.elder, tb.cast.volunteer)
    response = api(tb.cast.elder).post(
        f"{BASE}/orders/{order.pk}/confirm/", {"rating": 5}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_move"
    assert response.json()["error"]["message"]


def test_bad_input_answers_400_with_the_fields(api, tb):
    order = tb.served(tb.cast.elder, tb.cast.volunteer)
    response = api(tb.cast.elder).post(
        f"{BASE}/orders/{order.pk}/confirm/", {"rating": 9}, format="json"
    )
    assert response.status_code == 400
    assert "rating" in response.json()["error"]["fields"]


def test_orders_outside_ones_area_are_not_found(api, tb):
    order = tb.posted(tb.cast.elder)
    assert api(tb.cast.outsider).get(f"{BASE}/orders/{order.pk}/").status_code in (403, 404)
    assert api(tb.cast.volunteer).get(f"{BASE}/orders/{order.pk}/").status_code == 404


def test_a_gift_retried_with_the_same_key_is_given_once(api, tb):
    elder = api(tb.cast.elder)
    body = {"receiver": tb.cast.family.pk, "minutes": 45}
    first = elder.post(f"{BASE}/gifts/", body, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    again = elder.post(f"{BASE}/gifts/", body, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert ledger.person_account(tb.cast.family).balance == 45
    assert elder.post(f"{BASE}/gifts/", body, format="json").status_code == 400


def test_donation_and_allocation(api, tb):
    api(tb.cast.elder).post(
        f"{BASE}/donations/", {"minutes": 60}, format="json", HTTP_IDEMPOTENCY_KEY="d1"
    )
    needy = tb.elder("困难", age=75)
    response = api(tb.cast.station_operator).post(
        f"{BASE}/allocations/",
        {"recipient": needy.pk, "minutes": 60, "reason": "独居"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="a1",
    )
    assert response.status_code == 201
    assert ledger.person_account(needy).balance == 60


def test_statement_and_balance_as_of(api, tb):
    account = ledger.person_account(tb.cast.elder)
    client = api(tb.cast.family)
    statement = client.get(f"{BASE}/accounts/{account.pk}/statement/").json()
    assert statement["closing"] == 20 * 60
    past = (timezone.now() - dt.timedelta(days=1)).isoformat()
    balance = client.get(f"{BASE}/accounts/{account.pk}/balance/", {"as_of": past}).json()
    assert balance["balance"] == 0


def test_grants_are_proposed_and_approved(api, tb):
    elder = tb.elder("高龄", age=88)
    station = api(tb.cast.station_operator)
    grant = station.post(
        f"{BASE}/grants/",
        {"recipient": elder.pk, "rule": "age-80", "issuer": "110105"},
        format="json",
    ).json()
    assert grant["state"] == "proposed"
    approved = api(tb.cast.chaoyang_admin).post(f"{BASE}/grants/{grant['id']}/approve/")
    assert approved.json()["state"] == "approved"
    assert station.post(f"{BASE}/grants/{grant['id']}/approve/").status_code in (403, 404)


def test_a_reversal_through_the_api(api, tb):
    order = tb.settled(tb.cast.elder, tb.cast.volunteer)
    payment = Transaction.objects.get(order=order, kind="service_payment")
    response = api(tb.cast.city_admin).post(
        f"{BASE}/transactions/{payment.pk}/reverse/",
        {"minutes": 10, "reason": "更正"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["reverses"] == payment.pk


def test_policies_are_read_by_staff_and_changed_by_the_city(api, tb):
    rows = api(tb.cast.chaoyang_admin).get(f"{BASE}/policies/").json()
    assert {"key": "auto_confirm_days", "value": 7} in [
        {"key": r["key"], "value": r["value"]} for r in rows
    ]
    body = {"key": "auto_confirm_days", "value": 5}
    assert (
        api(tb.cast.chaoyang_admin).patch(f"{BASE}/policies/", body, format="json").status_code
        == 403
    )
    assert (
        api(tb.cast.city_admin).patch(f"{BASE}/policies/", body, format="json").status_code == 200
    )


def test_registrations_through_the_api(api, tb):
    person = tb.person("新人", age=30)
    station = api(tb.cast.station_operator)
    created = station.post(
        f"{BASE}/volunteers/", {"person": person.pk, "station": tb.station.pk}, format="json"
    )
    assert created.status_code == 201
    training = station.post(
        f"{BASE}/volunteers/{created.json()['id']}/training/",
        {"title": "培训", "completed_on": str(timezone.localdate()), "hours": "2.0"},
        format="json",
    )
    assert training.status_code == 201


def test_the_order_list_makes_a_fixed_number_of_queries(api, tb, django_assert_max_num_queries):
    for hours in range(24, 34):
        tb.posted(tb.cast.elder, hours_ahead=hours)
    client = api(tb.cast.station_operator)
    with django_assert_max_num_queries(6):
        response = client.get(f"{BASE}/orders/")
    assert response.json()["count"] == 10


def test_the_schema_describes_every_endpoint_without_warnings(tmp_path, capsys):
    call_command("spectacular", "--file", str(tmp_path / "schema.yml"), "--fail-on-warn")
    schema = (tmp_path / "schema.yml").read_text()
    for path in (
        "/api/timebank/orders/{id}/confirm/",
        "/api/timebank/gifts/",
        "/api/timebank/transactions/{id}/reverse/",
        "/api/timebank/reports/{name}/",
    ):
        assert path in schema


def test_reports_through_the_api(api, tb):
    from minsheng.timebank import reporting

    tb.settled(tb.cast.elder, tb.cast.volunteer)
    reporting.refresh()
    response = api(tb.cast.chaoyang_admin).get(f"{BASE}/reports/categories/")
    assert response.status_code == 200
    assert response.json()["area"] == "110105"
    assert ServiceOrder.objects.count() == 1


def test_grant_rules_are_kept_by_the_city(api, tb):
    body = {
        "code": "age-90",
        "name": "90岁及以上",
        "name_en": "Aged 90 and over",
        "min_age": 90,
        "requires_lives_alone": False,
        "requires_disability": False,
        "requires_low_income": False,
        "default_minutes": 1200,
        "is_active": True,
    }
    assert (
        api(tb.cast.chaoyang_admin).post(f"{BASE}/grant-rules/", body, format="json").status_code
        == 403
    )
    assert (
        api(tb.cast.city_admin).post(f"{BASE}/grant-rules/", body, format="json").status_code == 201
    )
    codes = [
        rule["code"] for rule in api(tb.cast.station_operator).get(f"{BASE}/grant-rules/").json()
    ]
    assert "age-90" in codes


def test_the_station_updates_circumstances_and_ends_a_care_need(api, tb):
    profile = tb.cast.elder.elder_profile
    station = api(tb.cast.station_operator)
    changed = station.patch(f"{BASE}/elders/{profile.pk}/", {"disabled": True}, format="json")
    assert changed.json()["disabled"] is True
    need = tb.cast.elder.care_needs.get()
    ended = station.post(
        f"{BASE}/elders/{profile.pk}/care-needs/{need.pk}/end/",
        {"reason": "已入住养老院"},
        format="json",
    )
    assert ended.status_code == 200
    assert ended.json()["ended_at"]
