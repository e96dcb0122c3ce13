"""The standard procedure, move by move: holds, events, proxies, illegal moves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from minsheng.audit.models import AuditEntry
from minsheng.timebank import clock, ledger
from minsheng.timebank.actions import orders, settlement
from minsheng.timebank.errors import IllegalMove, InsufficientBalance, NotEligible
from minsheng.timebank.ledger import check
from minsheng.timebank.models import OrderEvent, OrderState, ServiceOrder
from minsheng.timebank.procedure import TRANSITIONS, Move, moves_from

pytestmark = pytest.mark.django_db


def balances(person):
    return ledger.person_account(person).balance, ledger.hold_account(person).balance


def test_an_elder_posts_a_request_that_waits_for_review(tb):
    order = tb.posted(tb.cast.elder)
    assert order.state == OrderState.POSTED
    assert order.station == tb.station
    event = order.events.get()
    assert (event.kind, event.actor, event.on_behalf_of) == ("posted", tb.cast.elder, None)


def test_the_station_posts_for_an_elder_and_the_proxy_is_recorded(tb):
    order = tb.posted(tb.cast.elder, actor=tb.cast.station_operator)
    event = order.events.get()
    assert event.actor == tb.cast.station_operator
    assert event.on_behalf_of == tb.cast.elder
    audit = AuditEntry.objects.get(action="timebank.post_order")
    assert audit.on_behalf_of == tb.cast.elder


def test_a_verified_son_posts_for_his_mother(tb):
    order = tb.posted(tb.cast.elder, actor=tb.cast.family)
    assert order.events.get().on_behalf_of == tb.cast.elder


def test_nobody_else_posts_for_her(tb):
    with pytest.raises(PermissionDenied):
        tb.posted(tb.cast.elder, actor=tb.cast.volunteer)
    with pytest.raises(PermissionDenied):
        tb.posted(tb.cast.elder, actor=tb.cast.outsider)


def test_requests_are_for_people_of_sixty_and_over_with_a_care_need(tb):
    young = tb.person("青年", age=45)
    with pytest.raises(NotEligible, match="60"):
        tb.posted(young, actor=tb.cast.station_operator)
    old_without_need = tb.person("无需求", age=70)
    with pytest.raises(NotEligible, match="care need"):
        tb.posted(old_without_need, actor=tb.cast.station_operator)


def test_bad_request_details_are_explained_per_field(tb):
    with pytest.raises(ValidationError) as error:
        tb.posted(tb.cast.elder, minutes=0, starts_at=clock.now() - dt.timedelta(hours=1))
    assert set(error.value.error_dict) == {"duration_minutes", "starts_at"}


def test_a_rejection_needs_a_reason_and_closes_the_order(tb):
    order = tb.posted(tb.cast.elder)
    with pytest.raises(ValidationError):
        orders.reject_order(actor=tb.cast.station_operator, order=order, reason=" ")
    order = orders.reject_order(actor=tb.cast.station_operator, order=order, reason="超出服务范围")
    assert order.state == OrderState.REJECTED
    assert order.review_note == "超出服务范围"
    with pytest.raises(IllegalMove):
        orders.approve_order(actor=tb.cast.station_operator, order=order)


def test_booking_puts_the_booked_duration_on_hold(tb):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer, minutes=90)
    assert order.state == OrderState.BOOKED
    assert order.held_minutes == 90
    assert balances(tb.cast.elder) == (20 * 60 - 90, 90)


def test_booking_needs_enough_coins(tb):
    poor = tb.elder("贫", minutes=30)
    order = tb.approved(poor, minutes=60)
    with pytest.raises(InsufficientBalance):
        orders.book_order(actor=tb.cast.volunteer, order=order)
    order.refresh_from_db()
    assert order.state == OrderState.APPROVED


def test_an_untrained_volunteer_cannot_book(tb):
    untrained = tb.person("新人")
    from minsheng.timebank.actions import registration

    registration.register_volunteer(
        actor=tb.cast.station_operator, person=untrained, station=tb.station
    )
    order = tb.approved(tb.cast.elder)
    with pytest.raises(NotEligible, match="training"):
        orders.book_order(actor=untrained, order=order)


def test_a_volunteer_cannot_hold_two_overlapping_bookings(tb):
    first = tb.booked(tb.cast.elder, tb.cast.volunteer, minutes=120)
    other = tb.elder("周", minutes=600)
    second = tb.approved(other, starts_at=first.starts_at + dt.timedelta(minutes=60))
    with pytest.raises(IllegalMove, match="already has a booking"):
        orders.book_order(actor=tb.cast.volunteer, order=second)
    later = tb.approved(other, starts_at=first.ends_at)
    assert orders.book_order(actor=tb.cast.volunteer, order=later).state == OrderState.BOOKED


def test_the_station_assigns_a_volunteer_for_a_phone_request(tb):
    order = tb.approved(tb.cast.elder)
    order = orders.assign_volunteer(
        actor=tb.cast.station_operator, order=order, volunteer=tb.cast.volunteer
    )
    event = order.events.latest("at")
    assert (event.kind, event.on_behalf_of) == ("assigned", tb.cast.volunteer)


def test_a_volunteer_cannot_serve_their_own_request(tb):
    helper = tb.volunteer("自己", age=65)
    tb.register_elder(helper, lives_alone=True)
    tb.fund(helper, 300)
    order = tb.approved(helper)
    with pytest.raises(NotEligible):
        orders.book_order(actor=helper, order=order)


def test_sign_in_and_out_record_the_signed_minutes(tb):
    order = tb.served(tb.cast.elder, tb.cast.volunteer, minutes=60, served_minutes=72)
    assert order.state == OrderState.SIGNED_OUT
    assert order.signed_minutes == 72


def test_only_the_booked_volunteer_or_the_station_signs(tb):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    stranger = tb.volunteer("路人")
    with pytest.raises(PermissionDenied):
        orders.sign_in(actor=stranger, order=order)
    with pytest.raises(PermissionDenied):
        orders.sign_in(actor=tb.cast.volunteer, order=order, at=order.starts_at)


def test_the_station_signs_from_a_paper_sheet_for_the_volunteer(tb):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    station = tb.cast.station_operator
    with clock.at(order.ends_at + dt.timedelta(hours=2)):
        orders.sign_in(actor=station, order=order, at=order.starts_at)
        order = orders.sign_out(actor=station, order=order, at=order.ends_at)
    assert order.signed_minutes == 60
    assert order.events.get(kind="signed_out").on_behalf_of == tb.cast.volunteer


def test_confirming_pays_the_volunteer_and_releases_the_rest(tb):
    order = tb.served(tb.cast.elder, tb.cast.volunteer, minutes=90, served_minutes=50)
    with tb.after(order):
        order = settlement.confirm_order(actor=tb.cast.elder, order=order, rating=5, comment="很好")
    assert order.state == OrderState.SETTLED
    assert order.credited_minutes == 50
    assert balances(tb.cast.elder) == (20 * 60 - 50, 0)
    assert ledger.person_account(tb.cast.volunteer).balance == 50
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds[-2:] == ["confirmed", "settled"]
    assert check.run() == []


def test_time_beyond_the_booking_is_paid_up_to_the_tolerance(tb):
    order = tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=60, served_minutes=100)
    assert order.credited_minutes == 75  # 60 booked + 15 tolerance
    assert balances(tb.cast.elder) == (20 * 60 - 75, 0)


def test_a_volunteer_cannot_confirm_their_own_service(tb):
    order = tb.served(tb.cast.elder, tb.cast.volunteer)
    with pytest.raises(PermissionDenied):
        settlement.confirm_order(actor=tb.cast.volunteer, order=order, rating=5)


def test_a_rating_runs_from_one_to_five(tb):
    order = tb.served(tb.cast.elder, tb.cast.volunteer)
    with pytest.raises(ValidationError):
        settlement.confirm_order(actor=tb.cast.elder, order=order, rating=6)


def test_the_station_confirms_by_proxy(tb):
    order = tb.served(tb.cast.elder, tb.cast.volunteer)
    with tb.after(order):
        order = settlement.confirm_order(actor=tb.cast.station_operator, order=order, rating=4)
    confirmed = order.events.get(kind="confirmed")
    assert (confirmed.actor, confirmed.on_behalf_of) == (tb.cast.station_operator, tb.cast.elder)


def test_cancelling_a_booking_releases_the_hold(tb):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    order = orders.cancel_order(actor=tb.cast.elder, order=order, reason="住院了")
    assert order.state == OrderState.CANCELLED
    assert balances(tb.cast.elder) == (20 * 60, 0)


def test_after_sign_in_the_order_cannot_be_cancelled(tb):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    with clock.at(order.starts_at):
        order = orders.sign_in(actor=tb.cast.volunteer, order=order)
    with pytest.raises(IllegalMove, match="signed in"):
        orders.cancel_order(actor=tb.cast.elder, order=order, reason="x")


def test_a_no_show_releases_the_hold(tb):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    order = orders.report_no_show(actor=tb.cast.station_operator, order=order, note="没来")
    assert order.state == OrderState.NO_SHOW
    assert balances(tb.cast.elder) == (20 * 60, 0)


def test_a_withdrawn_booking_opens_the_request_again(tb):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    order = orders.withdraw_booking(actor=tb.cast.volunteer, order=order, reason="临时有事")
    assert (order.state, order.volunteer) == (OrderState.APPROVED, None)
    other = tb.volunteer("替补")
    order = orders.book_order(actor=other, order=order)
    assert order.volunteer == other
    assert balances(tb.cast.elder) == (20 * 60 - 60, 60)
    assert check.run() == []


def test_a_dispute_is_decided_by_the_station_and_the_ledger_pays_the_decision(tb):
    order = tb.served(tb.cast.elder, tb.cast.volunteer, minutes=120, served_minutes=120)
    with tb.after(order):
        order = settlement.dispute_order(
            actor=tb.cast.family, order=order, reason="只待了一小时", proposed_minutes=60
        )
        assert order.state == OrderState.DISPUTED
        with pytest.raises(IllegalMove):
            settlement.confirm_order(actor=tb.cast.elder, order=order, rating=3)
        order = settlement.decide_dispute(
            actor=tb.cast.station_operator, order=order, minutes=80, decision="按邻居证言计80分钟"
        )
    assert (order.state, order.credited_minutes) == (OrderState.SETTLED, 80)
    assert order.dispute.decided_by == tb.cast.station_operator
    assert ledger.person_account(tb.cast.volunteer).balance == 80
    assert check.run() == []


def test_orders_left_unconfirmed_are_confirmed_after_the_policy_days(tb):
    order = tb.served(tb.cast.elder, tb.cast.volunteer)
    with clock.at(order.signed_out_at + dt.timedelta(days=6)):
        assert settlement.auto_confirm_due() == []
    with clock.at(order.signed_out_at + dt.timedelta(days=7, minutes=1)):
        call_command("confirm_timebank_orders", language="en")
    order.refresh_from_db()
    assert order.state == OrderState.SETTLED
    event = order.events.get(kind="auto_confirmed")
    assert event.actor is None
    assert event.channel == "command"


def test_every_move_from_every_state_is_either_allowed_or_refused_with_a_reason(tb):
    order = tb.posted(tb.cast.elder)
    for state in OrderState:
        order.state = state
        for move in Move:
            sources, _target = TRANSITIONS[move]
            if move in moves_from(state):
                assert state in sources
            else:
                from minsheng.timebank.procedure import ensure

                with pytest.raises(IllegalMove) as refused:
                    ensure(order, move)
                assert refused.value.message


def test_every_move_leaves_one_event(tb):
    order = tb.settled(tb.cast.elder, tb.cast.volunteer)
    kinds = list(ServiceOrder.objects.get(pk=order.pk).events.values_list("kind", flat=True))
    assert kinds == [
        "posted",
        "approved",
        "booked",
        "signed_in",
        "signed_out",
        "confirmed",
        "settled",
    ]
    assert all(event.channel for event in OrderEvent.objects.filter(order=order))
