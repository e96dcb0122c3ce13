"""Urging a case tells the handling unit (its head at red) through the notifications."""

from __future__ import annotations

import datetime as dt

from minsheng.hotline import urging
from minsheng.notifications.models import Delivery, Message

HOUR = dt.timedelta(hours=1)


def told(person) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return list(
        Message.objects.filter(recipient=person, event__kind="hotline.urged")
        .order_by("pk")
        .values_list("title", "body")
    )


def test_urging_by_hand_tells_the_lead_units_staff_with_the_reason(
    cast, dispatched_case, committed
):
    with committed():
        urging.urge_case(actor=cast.chaoyang_admin, case=dispatched_case, reason="群众反映强烈")
    [(title, body)] = told(cast.unit_staff)
    assert dispatched_case.number in title and "催办" in title
    assert "群众反映强烈" in body
    assert told(cast.chaoyang_admin) == []
    assert Delivery.objects.filter(event__kind="hotline.urged", channel="sms").count() == 0


def test_a_supervision_order_is_urgent_and_named_as_such(cast, dispatched_case, committed):
    with committed():
        urging.urge_case(
            actor=cast.dispatcher, case=dispatched_case, reason="多次投诉", supervision=True
        )
    [(title, _body)] = told(cast.unit_staff)
    assert "督办" in title
    assert Message.objects.get(recipient=cast.unit_staff).event.urgent


def test_the_automatic_urgings_tell_the_unit_at_amber_and_its_head_at_red(
    cast, dispatched_case, committed
):
    case = dispatched_case
    with committed():
        urging.urge_due_cases(now=case.response_due - HOUR)
    assert len(told(cast.unit_staff)) == 1
    head = [p for p in _head(case) if p != cast.unit_staff]
    assert head and all(told(p) == [] for p in head)
    with committed():
        urging.urge_due_cases(now=case.response_due + HOUR)
    assert len(told(cast.unit_staff)) == 1
    assert all(len(told(p)) == 1 for p in head)


def test_the_same_urging_is_told_once(cast, dispatched_case, committed):
    with committed():
        urging.urge_case(actor=cast.dispatcher, case=dispatched_case, reason="请加快")
    with committed():
        pass  # the worker runs again: nothing new
    assert len(told(cast.unit_staff)) == 1


def _head(case):  # type: ignore[no-untyped-def]
    from minsheng.hotline.notifications import head_of

    return head_of(case)
