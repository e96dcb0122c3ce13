"""The Time Bank's events: who is told, on which channels, in which language."""

from __future__ import annotations

from minsheng.notifications.models import Message
from minsheng.timebank.actions import orders
from tests.notifications.conftest import inbox_of


def test_a_booking_tells_the_elder_and_the_station_but_not_the_volunteer(tb, committed):
    elder, volunteer = tb.cast.elder, tb.cast.volunteer
    order = tb.approved(elder)
    with committed():
        orders.book_order(actor=volunteer, order=order)
    assert any("will come" in t or "将于" in t for t in inbox_of(elder))
    assert inbox_of(tb.cast.station_operator)
    assert not Message.objects.filter(recipient=volunteer, event__kind="timebank.booked").exists()
