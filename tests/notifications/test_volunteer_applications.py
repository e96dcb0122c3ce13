"""Volunteer applications: the station hears of a new one, the applicant of the decision."""

from __future__ import annotations

from minsheng.notifications.models import Message
from minsheng.timebank.actions import applications
from tests.notifications.conftest import inbox_of


def kinds_for(person) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        Message.objects.filter(recipient=person)
        .order_by("pk")
        .values_list("event__kind", flat=True)
    )


def test_the_station_hears_of_an_application_and_the_applicant_of_the_approval(tb, committed):
    person = tb.person("申请人")
    with committed():
        application = applications.apply_as_volunteer(
            actor=person, station=tb.station, availability="周末上午"
        )
    assert kinds_for(tb.cast.station_operator) == ["timebank.application_received"]
    assert person.name in inbox_of(tb.cast.station_operator)[0]
    assert kinds_for(person) == []
    with committed():
        applications.approve_application(actor=tb.cast.station_operator, application=application)
    assert kinds_for(person) == ["timebank.application_approved"]
    assert tb.station.organisation.name in inbox_of(person)[0]


def test_a_declined_applicant_is_told_the_reason(tb, committed):
    person = tb.person("申请人")
    application = applications.apply_as_volunteer(
        actor=person, station=tb.station, availability="周末上午"
    )
    with committed():
        applications.decline_application(
            actor=tb.cast.station_operator, application=application, reason="请带身份证到驿站面谈"
        )
    assert kinds_for(person) == ["timebank.application_declined"]
    assert "请带身份证到驿站面谈" in Message.objects.get(recipient=person).body
