"""A dispatcher or the sub-district office turns an eldercare case into a service request."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from minsheng.audit.models import AuditEntry
from minsheng.carelink.actions import CareLinkRefused, turn_case_into_service
from minsheng.carelink.models import CareLink
from minsheng.hotline import actions as hotline
from minsheng.timebank.models import OrderState


def turn(actor, case, elder, tb, **overrides):  # type: ignore[no-untyped-def]
    fields = {
        "actor": actor,
        "case": case,
        "elder": elder,
        "item": tb.item(),
        "starts_at": tb.start(48),
        "duration_minutes": 60,
        "consent_given_by": "relative",
        "consent_method": "phone",
        "consent_note": "女儿王丽电话同意",
    }
    return turn_case_into_service(**{**fields, **overrides})


def test_the_dispatcher_posts_a_request_for_the_elder_at_their_station(cast, tb, care_case, elder):
    link = turn(cast.dispatcher, care_case, elder, tb)

    order = link.order
    assert (order.beneficiary, order.station, order.state) == (
        elder,
        tb.station,
        OrderState.POSTED,
    )
    assert order.posted_by == cast.dispatcher
    assert order.description == care_case.content
    assert (link.consent_given_by, link.consent_method) == ("relative", "phone")
    note = care_case.events.filter(kind="note").get()
    assert order.reference in note.note
    entry = AuditEntry.objects.get(action="carelink.turn_into_service")
    assert entry.after["case"] == care_case.number and entry.after["consent_method"] == "phone"


def test_the_sub_district_office_leading_the_case_may_do_it_too(cast, tb, care_case, elder):
    link = turn(cast.unit_staff, care_case, elder, tb)
    assert link.linked_by == cast.unit_staff


@pytest.mark.parametrize("who", ["department_staff", "station_operator", "outsider"])
def test_nobody_else_may(cast, tb, care_case, elder, who):
    with pytest.raises(PermissionDenied):
        turn(getattr(cast, who), care_case, elder, tb)
    assert not CareLink.objects.exists()


def test_a_case_outside_the_eldercare_categories_is_refused(cast, tb, dispatched_case, elder):
    with pytest.raises(CareLinkRefused):
        turn(cast.dispatcher, dispatched_case, elder, tb)


def test_a_case_not_yet_dispatched_is_refused(cast, tb, jinsong, categories, elder):
    case = hotline.receive_case(
        actor=cast.dispatcher,
        content="老人需要助餐",
        subdistrict=jinsong,
        category=categories["190101"],
    )
    with pytest.raises(CareLinkRefused):
        turn(cast.dispatcher, case, elder, tb)


def test_consent_must_be_recorded(cast, tb, care_case, elder):
    with pytest.raises(CareLinkRefused):
        turn(cast.dispatcher, care_case, elder, tb, consent_method="")
    assert not CareLink.objects.exists()


def test_a_case_becomes_one_request_only(cast, tb, care_case, elder):
    turn(cast.dispatcher, care_case, elder, tb)
    with pytest.raises(CareLinkRefused):
        turn(cast.unit_staff, care_case, elder, tb, starts_at=tb.start(72))
    assert CareLink.objects.count() == 1
