"""The database itself refuses to settle an order by confirmation while a sign at the door
waits for the station or was rejected. These tests commit."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from minsheng.timebank import clock, ledger
from minsheng.timebank.actions import settlement
from minsheng.timebank.models import OrderState, ServiceOrder
from minsheng.timebank.presence import actions

pytestmark = pytest.mark.django_db(transaction=True)


def flagged_visit(tb):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    with clock.at(order.starts_at):
        actions.sign_at_door(actor=tb.cast.volunteer, order=order, kind="sign_in")
    with clock.at(order.ends_at):
        return actions.sign_at_door(actor=tb.cast.volunteer, order=order, kind="sign_out")


def test_an_order_with_a_flagged_sign_cannot_be_marked_settled_past_the_actions(tb):
    check = flagged_visit(tb)
    with (
        pytest.raises(DatabaseError, match="not confirmed"),
        transaction.atomic(),
    ):
        ServiceOrder.objects.filter(pk=check.order_id).update(state=OrderState.SETTLED)
    assert ServiceOrder.objects.get(pk=check.order_id).state == OrderState.SIGNED_OUT


def test_once_the_station_confirms_the_visit_settles_and_is_paid(tb):
    check = flagged_visit(tb)
    for each in check.order.presence_checks.all():
        actions.confirm_check(actor=tb.cast.station_operator, check=each)
    with tb.after(check.order):
        settlement.confirm_order(actor=tb.cast.elder, order=check.order, rating=5)
    order = ServiceOrder.objects.get(pk=check.order_id)
    assert (order.state, order.credited_minutes) == (OrderState.SETTLED, 60)
    assert ledger.person_account(tb.cast.volunteer).balance == 60
