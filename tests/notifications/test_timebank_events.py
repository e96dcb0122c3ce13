"""The Time Bank's events: who is told, on which channels, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from minsheng.jobs.models import Job
from minsheng.notifications.actions import save_preferences
from minsheng.notifications.models import Channel, Delivery, Event, Message
from minsheng.timebank import clock
from minsheng.timebank import notifications as timebank_notifications
from minsheng.timebank.actions import funding, orders, settlement
from minsheng.timebank.models import ServiceCategory, VolunteerProfile
from tests.notifications.conftest import channels_to, inbox_of, verified_family


def kinds_for(person) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        Message.objects.filter(recipient=person)
        .order_by("pk")
        .values_list("event__kind", flat=True)
    )


@pytest.fixture
def elder_with_phone(tb):  # type: ignore[no-untyped-def]
    tb.cast.elder.set_phone("13812345678")
    tb.cast.elder.save()
    return tb.cast.elder


def test_a_booking_tells_the_elder_by_sms_and_the_station_but_not_the_volunteer(
    tb, committed, elder_with_phone
):
    order = tb.approved(elder_with_phone)
    with committed():
        orders.book_order(actor=tb.cast.volunteer, order=order)
    assert kinds_for(elder_with_phone) == ["timebank.booked"]
    assert tb.cast.volunteer.name in inbox_of(elder_with_phone)[0]
    assert channels_to(elder_with_phone, "timebank.booked") == {Channel.SMS}
    assert kinds_for(tb.cast.station_operator) == ["timebank.booked"]
    assert kinds_for(tb.cast.volunteer) == []


def test_the_family_hears_of_the_booking_by_email_when_the_elder_shares(tb, committed):
    elder, family = tb.cast.elder, tb.cast.family
    verified_family(elder, family)
    save_preferences(actor=elder, person=elder, share_with_family=True)
    save_preferences(actor=family, person=family, email="zhao.lei@example.cn", sms_enabled=False)
    order = tb.approved(elder)
    with committed():
        orders.book_order(actor=tb.cast.volunteer, order=order)
    assert kinds_for(family) == ["timebank.booked"]
    assert channels_to(family, "timebank.booked") == {Channel.EMAIL}
    assert Message.objects.get(recipient=family).about == elder


def test_signing_in_and_out_tells_the_elder_and_asks_for_confirmation(tb, committed):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    with committed():
        with clock.at(order.starts_at):
            order = orders.sign_in(actor=tb.cast.volunteer, order=order)
        with clock.at(order.starts_at + dt.timedelta(minutes=50)):
            orders.sign_out(actor=tb.cast.volunteer, order=order)
    assert kinds_for(tb.cast.elder) == ["timebank.signed_in", "timebank.signed_out"]
    assert "50" in inbox_of(tb.cast.elder)[1]
    signed_in = Event.objects.get(kind="timebank.signed_in")
    assert signed_in.created_at == order.starts_at  # the moment of the move, not of the job


def test_settling_tells_the_volunteer_what_was_earned(tb, committed):
    order = tb.served(tb.cast.elder, tb.cast.volunteer)
    with committed(), tb.after(order):
        settlement.confirm_order(actor=tb.cast.elder, order=order, rating=5)
    assert kinds_for(tb.cast.volunteer) == ["timebank.settled"]
    assert "60" in inbox_of(tb.cast.volunteer)[0]


def test_a_dispute_tells_the_station_and_the_other_side_and_its_decision_both(tb, committed):
    order = tb.served(tb.cast.elder, tb.cast.volunteer)
    with committed(), tb.after(order):
        order = settlement.dispute_order(
            actor=tb.cast.elder, order=order, reason="只来了半小时", proposed_minutes=30
        )
    assert "timebank.dispute_opened" in kinds_for(tb.cast.station_operator)
    assert "timebank.dispute_opened" in kinds_for(tb.cast.volunteer)
    with committed(), tb.after(order):
        settlement.decide_dispute(
            actor=tb.cast.station_operator, order=order, minutes=40, decision="核实为40分钟"
        )
    assert "timebank.dispute_decided" in kinds_for(tb.cast.elder)
    assert "timebank.dispute_decided" in kinds_for(tb.cast.volunteer)


def test_cancelling_a_booked_request_tells_the_volunteer(tb, committed):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    with committed():
        orders.cancel_order(actor=tb.cast.elder, order=order, reason="身体不适")
    assert kinds_for(tb.cast.volunteer) == ["timebank.cancelled"]
    assert Message.objects.get(recipient=tb.cast.volunteer).body == "身体不适"


def test_a_no_show_tells_the_volunteer_and_the_station(tb, committed):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer, hours_ahead=1)
    with committed(), clock.at(order.starts_at + dt.timedelta(hours=1)):
        orders.report_no_show(actor=tb.cast.elder, order=order)
    assert "timebank.no_show" in kinds_for(tb.cast.volunteer)
    assert "timebank.no_show" in kinds_for(tb.cast.station_operator)


def test_a_gift_retried_with_the_same_key_is_told_once(tb, committed):
    grandchild = tb.person("孙子", age=30)
    tb.relate(tb.cast.elder, grandchild, "grandchild")
    with committed():
        for _attempt in range(2):
            funding.give_gift(
                actor=tb.cast.elder,
                giver=tb.cast.elder,
                receiver=grandchild,
                minutes=60,
                client_key="gift-2026-12-06",
            )
    assert kinds_for(grandchild) == ["timebank.gift_received"]
    assert "60" in inbox_of(grandchild)[0]


def test_an_approved_grant_is_told_to_its_recipient(tb, committed):
    elder = tb.elder("新老人")
    with committed():
        tb.fund(elder, 600)
    assert kinds_for(elder) == ["timebank.grant_received"]


def test_a_request_starting_soon_is_told_at_once_to_volunteers_nearby_who_offer_the_service(
    tb, committed
):
    profile = VolunteerProfile.objects.get(person=tb.cast.volunteer)
    order = tb.posted(tb.cast.elder, hours_ahead=5)
    profile.skills.add(order.category)
    with committed():
        orders.approve_order(actor=tb.cast.station_operator, order=order)
    assert kinds_for(tb.cast.volunteer) == ["timebank.request_nearby"]
    assert Message.objects.get(recipient=tb.cast.volunteer).urgent


def test_a_volunteer_who_does_not_offer_the_service_is_not_told(tb, committed):
    order = tb.posted(tb.cast.elder, hours_ahead=5)
    VolunteerProfile.objects.get(person=tb.cast.volunteer).skills.set(
        ServiceCategory.objects.exclude(pk=order.category_id)[:1]
    )
    with committed():
        orders.approve_order(actor=tb.cast.station_operator, order=order)
    assert kinds_for(tb.cast.volunteer) == []


def test_later_requests_come_in_one_digest_a_day(tb, committed):
    profile = VolunteerProfile.objects.get(person=tb.cast.volunteer)
    first = tb.posted(tb.cast.elder, hours_ahead=72)
    second = tb.posted(tb.cast.elder, hours_ahead=96)
    profile.skills.add(first.category, second.category)
    with committed():
        for order in (first, second):
            orders.approve_order(actor=tb.cast.station_operator, order=order)
    assert kinds_for(tb.cast.volunteer) == []
    with committed():
        assert timebank_notifications.send_requests_digest(now=timezone.now()) == 1
        timebank_notifications.send_requests_digest(now=timezone.now())
    (digest,) = Message.objects.filter(recipient=tb.cast.volunteer)
    assert digest.event.kind == "timebank.requests_digest"
    assert first.reference in digest.body and second.reference in digest.body


def test_reminders_come_the_day_before_and_the_hour_before_once_each(tb, committed):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer, hours_ahead=48)
    with committed():
        timebank_notifications.send_reminders(now=order.starts_at - dt.timedelta(hours=20))
        timebank_notifications.send_reminders(now=order.starts_at - dt.timedelta(hours=19))
        timebank_notifications.send_reminders(now=order.starts_at - dt.timedelta(minutes=50))
    assert kinds_for(tb.cast.volunteer) == ["timebank.reminder_day", "timebank.reminder_hour"]
    assert kinds_for(tb.cast.elder) == ["timebank.reminder_day", "timebank.reminder_hour"]


def test_the_day_before_automatic_confirmation_the_elder_is_warned(tb, committed):
    order = tb.served(tb.cast.elder, tb.cast.volunteer)
    days = 7
    with committed():
        timebank_notifications.warn_auto_confirm(now=order.signed_out_at + dt.timedelta(days=1))
    assert kinds_for(tb.cast.elder) == []
    with committed():
        timebank_notifications.warn_auto_confirm(
            now=order.signed_out_at + dt.timedelta(days=days - 1, hours=1)
        )
    assert kinds_for(tb.cast.elder) == ["timebank.auto_confirm_soon"]


def test_an_elder_without_phone_or_log_in_is_told_through_the_station(tb, committed):
    elder = tb.elder("无手机老人", login=False, minutes=600)
    order = tb.approved(elder)
    with committed():
        orders.book_order(actor=tb.cast.volunteer, order=order)
    messages = Message.objects.filter(
        recipient=tb.cast.station_operator, event__kind="timebank.booked"
    )
    # One message for the station's own business, not a second "for the elder" copy.
    assert messages.count() == 1
    assert not Delivery.objects.filter(recipient=elder).exists()


def test_nothing_is_told_when_the_move_is_rolled_back(tb, committed):
    order = tb.approved(tb.cast.elder)
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        orders.book_order(actor=tb.cast.volunteer, order=order)
        raise RuntimeError("something later in the same transaction failed")
    assert not Job.objects.filter(kind="notifications.follow").exists()
    assert not Event.objects.exists()


def test_the_move_itself_queues_one_job_and_does_no_notification_work(tb, committed):
    order = tb.approved(tb.cast.elder)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        orders.book_order(actor=tb.cast.volunteer, order=order)
    assert Job.objects.filter(kind="notifications.follow", status="queued").count() == 1
    assert not Event.objects.exists()
