"""Races on real PostgreSQL with committed transactions: exactly one wins, nothing is lost."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection

from minsheng.people.models import Relationship
from minsheng.timebank import ledger
from minsheng.timebank.actions import funding, orders, settlement
from minsheng.timebank.errors import IllegalMove, InsufficientBalance
from minsheng.timebank.ledger import check
from minsheng.timebank.models import OrderState, ServiceOrder, Transaction, Transfer

pytestmark = pytest.mark.django_db(transaction=True)


def race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run ``calls`` in threads released at the same moment; results or exceptions."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        try:
            barrier.wait(timeout=30)
            return call()
        except Exception as error:  # the losers' refusals are the point of the test
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def winners(results: list[Any]) -> list[Any]:
    return [result for result in results if not isinstance(result, Exception)]


def test_the_same_order_confirmed_four_times_at_once_is_paid_once(tb):
    order = tb.served(tb.cast.elder, tb.cast.volunteer)
    elder, family, station = tb.cast.elder, tb.cast.family, tb.cast.station_operator

    def confirm(actor):
        return lambda: settlement.confirm_order(
            actor=actor, order=ServiceOrder.objects.get(pk=order.pk), rating=4
        )

    results = race([confirm(elder), confirm(family), confirm(station), confirm(elder)])
    assert len(winners(results)) == 1
    assert all(isinstance(r, IllegalMove) for r in results if isinstance(r, Exception))
    assert ledger.person_account(tb.cast.volunteer).balance == 60
    assert Transaction.objects.filter(order=order, kind="service_payment").count() == 1
    assert check.run() == []


def test_the_same_balance_cannot_be_spent_twice(tb):
    elder = tb.elder("老人", minutes=60)
    first, second = tb.approved(elder), tb.approved(elder, hours_ahead=48)
    volunteers = [tb.cast.volunteer, tb.volunteer("王")]
    results = race(
        [
            lambda: orders.book_order(actor=volunteers[0], order=first),
            lambda: orders.book_order(actor=volunteers[1], order=second),
        ]
    )
    assert len(winners(results)) == 1
    assert any(isinstance(r, InsufficientBalance) for r in results)
    assert ledger.person_account(elder).balance == 0
    assert ledger.hold_account(elder).balance == 60
    assert ServiceOrder.objects.filter(state=OrderState.BOOKED, payer=elder).count() == 1
    assert check.run() == []


def test_gifts_racing_for_the_last_coins_leave_nothing_negative(tb):
    son = tb.cast.family
    results = race(
        [
            (
                lambda key=key: funding.give_gift(
                    actor=tb.cast.elder,
                    giver=tb.cast.elder,
                    receiver=son,
                    minutes=20 * 60,
                    client_key=f"gift-{key}",
                )
            )
            for key in range(4)
        ]
    )
    assert len(winners(results)) == 1
    assert ledger.person_account(tb.cast.elder).balance == 0
    assert ledger.person_account(son).balance == 20 * 60
    assert check.run() == []


def test_the_same_idempotency_key_posts_once(tb):
    son = tb.cast.family
    results = race(
        [
            (
                lambda: funding.give_gift(
                    actor=tb.cast.elder,
                    giver=tb.cast.elder,
                    receiver=son,
                    minutes=90,
                    client_key="birthday",
                )
            )
            for _ in range(4)
        ]
    )
    assert len(winners(results)) == 4, results
    assert len({transfer.pk for transfer in results}) == 1
    assert Transfer.objects.count() == 1
    assert ledger.person_account(son).balance == 90
    assert check.run() == []


def test_two_overlapping_bookings_for_one_volunteer_cannot_both_succeed(tb):
    other_elder = tb.elder("李", minutes=600)
    first = tb.approved(tb.cast.elder)
    second = tb.approved(other_elder, starts_at=first.starts_at)
    results = race(
        [
            lambda: orders.book_order(actor=tb.cast.volunteer, order=first),
            lambda: orders.book_order(actor=tb.cast.volunteer, order=second),
        ]
    )
    assert len(winners(results)) == 1
    assert isinstance([r for r in results if isinstance(r, Exception)][0], IllegalMove)
    assert check.run() == []


def test_many_workers_posting_in_every_direction_never_deadlock(tb):
    people = [tb.elder(f"甲{n}", minutes=600) for n in range(4)]
    for a in people:
        for b in people:
            if a.pk < b.pk:
                tb.relate(a, b, Relationship.Kind.CHILD)
    rng = random.Random(7)
    plans = [[rng.sample(people, 2) for _ in range(15)] for _ in range(6)]

    def worker(plan, number):
        def run():
            for step, (giver, receiver) in enumerate(plan):
                funding.give_gift(
                    actor=giver,
                    giver=giver,
                    receiver=receiver,
                    minutes=1,
                    client_key=f"w{number}-{step}",
                )
            return len(plan)

        return run

    results = race([worker(plan, n) for n, plan in enumerate(plans)])
    assert results == [15] * 6, results
    assert sum(ledger.person_account(p).balance for p in people) == 4 * 600
    assert check.run() == []
