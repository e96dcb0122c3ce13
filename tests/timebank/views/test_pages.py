"""Every page renders for the roles it is for, and refuses the others."""

from __future__ import annotations

import pytest
from django.urls import reverse

from minsheng.timebank import reporting
from minsheng.timebank.models import ElderProfile, Transaction, VolunteerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tb):
    order = tb.settled(tb.cast.elder, tb.cast.volunteer)
    open_order = tb.approved(tb.cast.elder, hours_ahead=48)
    reporting.refresh()
    return {
        "order": order,
        "open": open_order,
        "tx": Transaction.objects.get(order=order, kind="service_payment"),
        "volunteer": VolunteerProfile.objects.get(person=tb.cast.volunteer),
        "elder": ElderProfile.objects.get(person=tb.cast.elder),
    }


def page(client, user, name, *args, query=""):
    client.force_login(user)
    return client.get(reverse(f"timebank:{name}", args=args) + query)


PAGES_BY_ROLE = {
    "volunteer": ["open_requests", "my_services", "my_account", "activities", "donate"],
    "elder": ["my_requests", "post_request", "my_account", "gift", "donate"],
    "family": ["my_requests", "post_request", "my_account"],
    "station_operator": [
        "station",
        "people",
        "register_volunteer",
        "register_elder",
        "grants",
        "propose_grant",
        "allocate",
        "orders",
        "activities",
        "activity_new",
        "reports",
    ],
    "chaoyang_admin": [
        "station",
        "reports",
        "stations",
        "catalogue",
        "transactions",
        "grants",
        "policies",
        "budgets",
    ],
    "city_admin": ["reports", "policies", "budgets", "catalogue", "stations", "transactions"],
}


@pytest.mark.parametrize(
    ("who", "name"), [(who, name) for who, names in PAGES_BY_ROLE.items() for name in names]
)
def test_each_roles_pages_render(client, tb, world, who, name):
    response = page(client, getattr(tb.cast, who), name)
    assert response.status_code == 200, response.content[:500]


@pytest.mark.parametrize(
    "who", ["city_admin", "chaoyang_admin", "station_operator", "elder", "family", "volunteer"]
)
def test_the_order_page_shows_the_history_to_everyone_involved(client, tb, world, who):
    response = page(client, getattr(tb.cast, who), "order", world["order"].pk)
    assert response.status_code == 200
    assert "岗前" not in response.content.decode()  # no personal data from elsewhere
    assert world["order"].reference in response.content.decode()


@pytest.mark.parametrize("who", ["outsider", "dispatcher", "unit_staff"])
def test_the_order_page_is_not_found_for_others(client, tb, world, who):
    assert page(client, getattr(tb.cast, who), "order", world["order"].pk).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "dispatcher", "elder", "volunteer"])
def test_staff_pages_are_refused_to_residents_and_others(client, tb, world, who):
    for name in ("station", "people", "transactions", "budgets"):
        assert page(client, getattr(tb.cast, who), name).status_code == 403, name


def test_staff_detail_pages_render(client, tb, world):
    station = tb.cast.station_operator
    assert page(client, station, "volunteer", world["volunteer"].pk).status_code == 200
    assert page(client, station, "elder", world["elder"].pk).status_code == 200
    assert page(client, station, "person_account", tb.cast.elder.pk).status_code == 200
    admin = tb.cast.chaoyang_admin
    assert page(client, admin, "transaction", world["tx"].pk).status_code == 200
    for name in ("reject", "assign", "cancel"):
        assert page(client, station, name, world["open"].pk).status_code == 200, name


def test_a_volunteer_sees_an_open_request_without_personal_details(client, tb, world):
    other = tb.volunteer("另一位")
    response = page(client, other, "open_request", world["open"].pk)
    assert response.status_code == 200
    assert tb.cast.elder.name not in response.content.decode()


def test_the_son_sees_his_mothers_statement(client, tb, world):
    assert page(client, tb.cast.family, "person_account", tb.cast.elder.pk).status_code == 200
    assert page(client, tb.cast.volunteer, "person_account", tb.cast.elder.pk).status_code == 404


def test_the_son_finds_his_mothers_account_from_his_requests(client, tb, world):
    response = page(client, tb.cast.family, "my_requests")
    assert reverse("timebank:person_account", args=[tb.cast.elder.pk]) in response.content.decode()
