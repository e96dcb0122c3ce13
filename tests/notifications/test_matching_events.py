"""Offers and matching tell people: matched volunteers of a new request, an invited volunteer,
and the station when a request is still unbooked a day before its time."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from minsheng.notifications.models import Message
from minsheng.timebank import offer_notifications
from minsheng.timebank.actions import offers, orders
from minsheng.timebank.models import ServiceCategory

HOME = (39.8866, 116.4617)


def kinds_for(person) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        Message.objects.filter(recipient=person)
        .order_by("pk")
        .values_list("event__kind", flat=True)
    )


def place_and_offer(tb, volunteer, metres_north: int = 500) -> None:  # type: ignore[no-untyped-def]
    offers.place_home(
        actor=tb.cast.station_operator, person=tb.cast.elder, latitude=HOME[0], longitude=HOME[1]
    )
    offers.save_offer(
        actor=volunteer,
        volunteer=volunteer,
        categories=[ServiceCategory.objects.get(code="emotional_comfort")],
        latitude=HOME[0] + metres_north / 111_195,
        longitude=HOME[1],
        max_distance_m=1000,
    )


def test_a_new_request_soon_is_told_to_the_volunteers_whose_offer_matches(tb, committed):
    matched, too_far = tb.volunteer(), tb.volunteer()
    place_and_offer(tb, matched)
    place_and_offer(tb, too_far, metres_north=3000)
    order = tb.posted(tb.cast.elder, hours_ahead=5)
    with committed():
        orders.approve_order(actor=tb.cast.station_operator, order=order)
    assert kinds_for(matched) == ["timebank.request_nearby"]
    assert kinds_for(too_far) == []


def test_an_invited_volunteer_is_told_with_the_distance(tb, committed):
    place_and_offer(tb, tb.cast.volunteer, metres_north=1200 // 2)
    order = tb.approved(tb.cast.elder)
    with committed():
        offers.invite_volunteer(
            actor=tb.cast.station_operator, order=order, volunteer=tb.cast.volunteer
        )
    message = Message.objects.get(recipient=tb.cast.volunteer, event__kind="timebank.invited")
    assert "0.6" in message.body  # 距离约0.6公里
    assert kinds_for(tb.cast.station_operator) == []  # who asked is not told


def test_a_request_unbooked_a_day_before_goes_to_the_station_once(tb, committed):
    soon = tb.approved(tb.cast.elder, hours_ahead=20)
    later = tb.approved(tb.cast.elder, hours_ahead=40)
    now = timezone.now()
    with committed():
        assert offer_notifications.escalate_unbooked(now=now) == 1
        offer_notifications.escalate_unbooked(now=now + dt.timedelta(minutes=30))
    told = Message.objects.filter(
        recipient=tb.cast.station_operator, event__kind="timebank.unbooked_escalated"
    )
    assert [m.event.payload["reference"] for m in told] == [soon.reference]
    assert told.get().event.urgent
    assert later.reference not in told.get().title


def test_a_booked_request_is_not_escalated(tb, committed):
    tb.booked(tb.cast.elder, tb.cast.volunteer, hours_ahead=20)
    assert offer_notifications.escalate_unbooked(now=timezone.now()) == 0


def test_the_escalation_is_in_the_schedule():
    from minsheng.jobs.schedule import PERIODIC

    assert "timebank.escalate_unbooked" in PERIODIC
