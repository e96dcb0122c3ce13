"""Who sees and does what: each role against an order in its area and one outside it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from minsheng import access
from minsheng.timebank.actions import funding, orders
from minsheng.timebank.models import ServiceOrder, Transaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_orders(tb):
    """One order in Jinsong (the cast's), one in Shuangjing (Chaoyang, another station)."""
    jinsong = tb.posted(tb.cast.elder)
    neighbour = tb.elder("双井老人", region="110105016001", minutes=300)
    shuangjing = tb.posted(neighbour, actor=tb.operator(tb.other_station))
    return jinsong, shuangjing


VISIBLE = {
    "city_admin": (True, True),
    "chaoyang_admin": (True, True),
    "station_operator": (True, False),
    "elder": (True, False),
    "family": (True, False),
    "volunteer": (False, False),
    "outsider": (False, False),
    "dispatcher": (False, False),
}


@pytest.mark.parametrize(("who", "expected"), VISIBLE.items())
def test_each_role_sees_the_orders_of_its_area_or_its_own(tb, two_orders, who, expected):
    user = getattr(tb.cast, who)
    visible = access.scope(user, "timebank.view_order", ServiceOrder.objects.all())
    assert tuple(order in visible for order in two_orders) == expected


def test_a_volunteer_sees_the_orders_they_serve(tb, two_orders):
    jinsong, _ = two_orders
    orders.approve_order(actor=tb.cast.station_operator, order=jinsong)
    orders.book_order(actor=tb.cast.volunteer, order=jinsong)
    assert access.can(tb.cast.volunteer, "timebank.view_order", jinsong)


def test_a_station_reviews_only_its_own_sub_district(tb, two_orders):
    jinsong, shuangjing = two_orders
    orders.approve_order(actor=tb.cast.station_operator, order=jinsong)
    with pytest.raises(PermissionDenied):
        orders.approve_order(actor=tb.cast.station_operator, order=shuangjing)
    orders.approve_order(actor=tb.cast.chaoyang_admin, order=shuangjing)


@pytest.mark.parametrize("who", ["volunteer", "elder", "outsider", "dispatcher"])
def test_residents_and_others_do_not_review(tb, two_orders, who):
    with pytest.raises(PermissionDenied):
        orders.approve_order(actor=getattr(tb.cast, who), order=two_orders[0])


def test_a_station_cannot_act_for_an_elder_of_another_sub_district(tb, two_orders):
    _, shuangjing = two_orders
    with pytest.raises(PermissionDenied):
        orders.cancel_order(actor=tb.cast.station_operator, order=shuangjing, reason="x")


def test_a_district_administrator_reverses_only_in_the_district(tb):
    haidian_elder = tb.elder("海淀老人", region="110108011001", minutes=300)
    grant_tx = Transaction.objects.get(kind="grant", grant__recipient=haidian_elder)
    with pytest.raises(PermissionDenied):
        funding.reverse_transaction(
            actor=tb.cast.chaoyang_admin, original=grant_tx, minutes=1, reason="x"
        )
    funding.reverse_transaction(actor=tb.cast.city_admin, original=grant_tx, minutes=1, reason="x")


def test_the_family_confirms_for_the_mother_but_not_for_strangers(tb, two_orders):
    _, shuangjing = two_orders
    assert not access.can(tb.cast.family, "timebank.confirm_order", shuangjing)
    assert access.can(tb.cast.family, "timebank.confirm_order", two_orders[0])
