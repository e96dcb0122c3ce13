"""The same elder, service and time posted twice: refused while the first request is open.
These tests commit, so the database's own rule is what refuses."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from minsheng.timebank.actions import orders
from minsheng.timebank.models import OrderState, ServiceOrder

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_request_posted_twice_is_refused_with_a_clear_message(tb):
    first = tb.posted(tb.cast.elder)
    with pytest.raises(ValidationError) as refused:
        tb.posted(tb.cast.elder, starts_at=first.starts_at)
    assert "already has an open request for this service at this time" in str(refused.value)
    assert ServiceOrder.objects.filter(beneficiary=tb.cast.elder).count() == 1


def test_the_database_refuses_a_twin_even_past_the_check(tb):
    first = tb.posted(tb.cast.elder)
    twin = ServiceOrder.objects.get(pk=first.pk)
    twin.pk = None
    with (
        pytest.raises(IntegrityError, match="order_one_open_request_per_slot"),
        transaction.atomic(),
    ):
        twin.save(force_insert=True)


def test_a_twin_slipping_past_the_check_gets_the_same_message(tb, monkeypatch):
    first = tb.posted(tb.cast.elder)
    monkeypatch.setattr(orders, "_refuse_duplicate", lambda *args: None)
    with pytest.raises(ValidationError, match="already has an open request"):
        tb.posted(tb.cast.elder, starts_at=first.starts_at)


def test_the_same_slot_may_be_asked_again_once_the_first_is_cancelled(tb):
    first = tb.posted(tb.cast.elder)
    orders.cancel_order(actor=tb.cast.elder, order=first, reason="改时间")
    again = tb.posted(tb.cast.elder, starts_at=first.starts_at)
    assert again.state == OrderState.POSTED


def test_another_service_at_the_same_time_is_a_different_request(tb):
    first = tb.posted(tb.cast.elder)
    other = tb.posted(tb.cast.elder, starts_at=first.starts_at, item=tb.item("reading"))
    assert other.pk != first.pk
