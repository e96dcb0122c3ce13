"""Random histories of grants, bookings, cancellations, confirmations, disputes, gifts,
donations, pool allocations and reversals. After every step the ledger matches a simple model
of who should hold what, and every invariant of ``check-ledger`` holds. Pending deferred
constraint checks are fired after each step (``SET CONSTRAINTS ALL IMMEDIATE``), as a commit
would."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from minsheng.people.models import Relationship
from minsheng.timebank import clock, ledger
from minsheng.timebank.actions import funding, orders, settlement
from minsheng.timebank.errors import InsufficientBalance
from minsheng.timebank.ledger import check
from minsheng.timebank.models import GrantRule, ServiceOrder, Transaction

TOLERANCE = 15  # the default policy


@pytest.mark.django_db
@pytest.mark.slow
def test_random_histories_keep_every_invariant(tb):
    elders = [tb.cast.elder, tb.elder("钱", minutes=600), tb.elder("孙", minutes=0)]
    volunteers = [tb.cast.volunteer, tb.volunteer("周")]
    tb.relate(elders[1], volunteers[1], Relationship.Kind.CHILD)
    people = elders + volunteers + [tb.cast.family]
    slots = itertools.count(1)
    world = tb

    class LedgerMachine(RuleBasedStateMachine):
        open_orders = Bundle("open_orders")
        booked_orders = Bundle("booked_orders")
        payments = Bundle("payments")

        def __init__(self) -> None:
            super().__init__()
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.expected = {("person", p.pk): ledger.person_account(p).balance for p in people}
            self.expected.update({("hold", p.pk): 0 for p in people})
            self.expected["pool"] = ledger.pool_account().balance

        def teardown(self) -> None:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

        def attempt(self, should_work: bool, action):
            """Run ``action``; it must succeed exactly when the model says it should."""
            try:
                with transaction.atomic():
                    result = action()
            except InsufficientBalance:
                assert not should_work, "refused although the model says the coins are there"
                return None
            assert should_work, "succeeded although the model says the coins are missing"
            return result

        @rule(elder=st.sampled_from(elders), minutes=st.integers(1, 600))
        def grant(self, elder, minutes):
            rule_ = GrantRule.objects.get(code="age-80") if elder.age >= 80 else None
            if rule_ is None:
                return
            world.fund(elder, minutes, rule=rule_)
            self.expected[("person", elder.pk)] += minutes

        @rule(target=open_orders, elder=st.sampled_from(elders), minutes=st.integers(15, 120))
        def post(self, elder, minutes):
            start = world.start(24) + dt.timedelta(hours=3 * next(slots))
            order = orders.post_order(
                actor=world.cast.station_operator,
                beneficiary=elder,
                item=world.item(),
                starts_at=start,
                duration_minutes=minutes,
            )
            return orders.approve_order(actor=world.cast.station_operator, order=order).pk

        @rule(target=booked_orders, pk=consumes(open_orders), volunteer=st.sampled_from(volunteers))
        def book(self, pk, volunteer):
            order = ServiceOrder.objects.get(pk=pk)
            payer = ("person", order.payer_id)
            booked = self.attempt(
                self.expected[payer] >= order.duration_minutes,
                lambda: orders.book_order(actor=volunteer, order=order),
            )
            if booked is None:
                return multiple()
            self.expected[payer] -= order.duration_minutes
            self.expected[("hold", order.payer_id)] += order.duration_minutes
            return pk

        @rule(
            target=payments,
            elder=st.sampled_from(elders),
            minutes=st.integers(15, 120),
            volunteer=st.sampled_from(volunteers),
            extra=st.integers(0, 30),
            dispute=st.booleans(),
            decided=st.integers(0, 150),
        )
        def whole_service(self, elder, minutes, volunteer, extra, dispute, decided):
            """Post, book and serve in one step, so that many histories include payments."""
            pk = self.post(elder, minutes)
            if self.book(pk, volunteer) != pk:
                return multiple()
            return self.serve(pk, extra, dispute, decided)

        @rule(pk=consumes(booked_orders))
        def cancel(self, pk):
            order = ServiceOrder.objects.get(pk=pk)
            orders.cancel_order(actor=world.cast.station_operator, order=order, reason="有事")
            self.expected[("hold", order.payer_id)] -= order.duration_minutes
            self.expected[("person", order.payer_id)] += order.duration_minutes

        @rule(
            target=payments,
            pk=consumes(booked_orders),
            extra=st.integers(0, 30),
            dispute=st.booleans(),
            decided=st.integers(0, 150),
        )
        def serve(self, pk, extra, dispute, decided):
            order = ServiceOrder.objects.get(pk=pk)
            with clock.at(order.starts_at):
                orders.sign_in(actor=order.volunteer, order=order)
            end = order.starts_at + dt.timedelta(minutes=order.duration_minutes + extra)
            with clock.at(end):
                orders.sign_out(actor=order.volunteer, order=order)
            with clock.at(end + dt.timedelta(minutes=1)):
                if dispute:
                    settlement.dispute_order(
                        actor=world.cast.station_operator,
                        order=order,
                        reason="时长不对",
                        proposed_minutes=decided,
                    )
                    settlement.decide_dispute(
                        actor=world.cast.station_operator,
                        order=order,
                        minutes=decided,
                        decision="按实际",
                    )
                    wanted = decided
                else:
                    settlement.confirm_order(
                        actor=world.cast.station_operator, order=order, rating=5
                    )
                    wanted = min(order.duration_minutes + extra, order.duration_minutes + TOLERANCE)
            held = order.duration_minutes
            top_up = min(max(0, wanted - held), self.expected[("person", order.payer_id)])
            credited = min(wanted, held + top_up)
            self.expected[("hold", order.payer_id)] -= held
            self.expected[("person", order.payer_id)] += held + top_up - credited - top_up
            self.expected[("person", order.volunteer_id)] += credited
            order.refresh_from_db()
            assert order.credited_minutes == credited
            payment = Transaction.objects.filter(order=order, kind="service_payment").first()
            return multiple(payment.pk) if payment else multiple()

        @rule(
            giver=st.sampled_from(people),
            receiver=st.sampled_from(people),
            minutes=st.integers(1, 300),
        )
        def gift(self, giver, receiver, minutes):
            from minsheng.people.relations import is_verified_direct_relative

            if giver == receiver or not is_verified_direct_relative(giver, receiver):
                return
            transfer = self.attempt(
                self.expected[("person", giver.pk)] >= minutes,
                lambda: funding.give_gift(
                    actor=giver,
                    giver=giver,
                    receiver=receiver,
                    minutes=minutes,
                    client_key=f"g{next(slots)}",
                ),
            )
            if transfer is not None:
                self.expected[("person", giver.pk)] -= minutes
                self.expected[("person", receiver.pk)] += minutes

        @rule(donor=st.sampled_from(people), minutes=st.integers(1, 300))
        def donate(self, donor, minutes):
            transfer = self.attempt(
                self.expected[("person", donor.pk)] >= minutes,
                lambda: funding.donate(
                    actor=donor, donor=donor, minutes=minutes, client_key=f"d{next(slots)}"
                ),
            )
            if transfer is not None:
                self.expected[("person", donor.pk)] -= minutes
                self.expected["pool"] += minutes

        @rule(elder=st.sampled_from(elders), minutes=st.integers(1, 300))
        def allocate(self, elder, minutes):
            transfer = self.attempt(
                self.expected["pool"] >= minutes,
                lambda: funding.allocate_from_pool(
                    actor=world.cast.station_operator,
                    recipient=elder,
                    minutes=minutes,
                    reason="困难",
                    client_key=f"a{next(slots)}",
                ),
            )
            if transfer is not None:
                self.expected["pool"] -= minutes
                self.expected[("person", elder.pk)] += minutes

        @rule(pk=payments, share=st.integers(1, 100))
        def reverse(self, pk, share):
            original = Transaction.objects.get(pk=pk)
            left = original.legs.get(side="D").amount - funding.reversed_minutes(original)
            if left <= 0:
                return
            minutes = max(1, left * share // 100)
            order = original.order
            reversal = self.attempt(
                self.expected[("person", order.volunteer_id)] >= minutes,
                lambda: funding.reverse_transaction(
                    actor=world.cast.city_admin,
                    original=original,
                    minutes=minutes,
                    reason="争议后更正",
                ),
            )
            if reversal is not None:
                self.expected[("person", order.volunteer_id)] -= minutes
                self.expected[("person", order.payer_id)] += minutes

        @invariant()
        def ledger_matches_the_model_and_every_invariant_holds(self):
            with connection.cursor() as cursor:
                # Fire the deferred balance checks now, as a commit would; then defer again.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for p in people:
                assert ledger.person_account(p).balance == self.expected[("person", p.pk)]
                assert ledger.hold_account(p).balance == self.expected[("hold", p.pk)]
            assert ledger.pool_account().balance == self.expected["pool"]
            assert check.run() == []

    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
