"""The 12345 hotline's events: the caller by SMS, units and dispatchers in their inbox."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from minsheng.hotline import actions
from minsheng.hotline import notifications as hotline_notifications
from minsheng.notifications import delivery
from minsheng.notifications.models import Delivery, Message, OutboxMessage, SurveyAnswer
from minsheng.notifications.survey import survey_token


def kinds_for(person) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        Message.objects.filter(recipient=person)
        .order_by("pk")
        .values_list("event__kind", flat=True)
    )


def receive(cast, jinsong, lift_category, phone="13812345678"):  # type: ignore[no-untyped-def]
    return actions.receive_case(
        actor=cast.dispatcher,
        content="劲松三区5号楼电梯坏了三天，老人下不了楼。",
        title="电梯故障",
        caller_name="张桂芳",
        caller_phone=phone,
        subdistrict=jinsong,
        category=lift_category,
    )


def test_the_caller_gets_the_case_number_by_sms(cast, jinsong, lift_category, committed):
    with committed():
        case = receive(cast, jinsong, lift_category)
    text = Delivery.objects.get(event__kind="hotline.case_received")
    assert text.channel == "sms" and text.address_masked == "138****5678"
    assert case.number in text.text
    if text.status != Delivery.Status.SENT:  # held back: the run fell in the quiet hours
        delivery.deliver(text.pk, force=True)
    kept = OutboxMessage.objects.get()
    assert kept.phone_masked == "138****5678" and case.number in kept.text
    assert kept.region_path == case.region_path


def test_a_caller_without_a_phone_gets_nothing(cast, jinsong, lift_category, committed):
    with committed():
        receive(cast, jinsong, lift_category, phone="")
    assert not Delivery.objects.exists()


def test_dispatching_tells_the_lead_units_staff(cast, new_case, jinsong_office, committed):
    with committed():
        actions.dispatch_case(actor=cast.dispatcher, case=new_case, unit=jinsong_office)
    assert kinds_for(cast.unit_staff) == ["hotline.dispatched"]
    assert new_case.number in Message.objects.get(recipient=cast.unit_staff).title
    assert kinds_for(cast.dispatcher) == []


def test_a_returned_case_asking_for_reclassification_tells_the_dispatcher(
    cast, dispatched_case, categories, committed
):
    with committed():
        actions.return_case(
            actor=cast.unit_staff,
            case=dispatched_case,
            reason="属于住建委职责",
            category=categories["0302"],
        )
    assert kinds_for(cast.dispatcher) == ["hotline.reclassification_requested"]
    assert "属于住建委职责" in Message.objects.get(recipient=cast.dispatcher).body


def test_a_plain_return_tells_the_dispatcher_too(cast, dispatched_case, committed):
    with committed():
        actions.return_case(actor=cast.unit_staff, case=dispatched_case, reason="地址不详")
    assert kinds_for(cast.dispatcher) == ["hotline.returned"]


def test_the_reply_gives_the_caller_a_link_to_their_case_and_its_survey(
    cast, dispatched_case, committed, client
):
    case = actions.accept_case(actor=cast.unit_staff, case=dispatched_case)
    case = actions.record_contact(actor=cast.unit_staff, case=case, note="已电话联系")
    with committed():
        actions.record_result(
            actor=cast.unit_staff, case=case, result="resolved", resolution="已修复"
        )
    text = Delivery.objects.get(event__kind="hotline.case_replied")
    found = re.search(r"https?://[^/]+(/12345/track/link/\S+/)", text.text)
    assert found is not None
    link = found.group(1)
    assert link.startswith(f"/12345/track/link/{case.number}-")
    page = client.get(link, follow=True)
    assert page.status_code == 200 and "已修复" in page.content.decode()
    client.post(
        reverse("residents:survey", args=[case.number]),
        {"resolved": "yes", "rating": "very_satisfied", "comment": "很快"},
    )
    case.refresh_from_db()
    assert (case.status, case.callback_resolved, case.satisfaction) == (
        "closed",
        True,
        "satisfied",
    )


def test_the_older_survey_page_still_keeps_answers(cast, handled_case, client):
    link = reverse("notifications:survey", args=[survey_token(handled_case.number)])
    client.post(link, {"resolved": "yes", "satisfaction": "satisfied", "comment": "很快"})
    answer = SurveyAnswer.objects.get()
    assert (answer.case_number, answer.resolved) == (handled_case.number, True)


def test_a_tampered_survey_link_is_refused(client, db):
    assert (
        client.get(reverse("notifications:survey", args=["20260101000001:forged"])).status_code
        == 404
    )


def test_units_hear_of_near_deadlines_and_overdue_cases_and_late_ones_go_to_the_head(
    cast, dispatched_case, committed
):
    due = dispatched_case.handling_due
    with committed():
        hotline_notifications.warn_deadlines(now=due - dt.timedelta(hours=12))
        hotline_notifications.warn_deadlines(now=due - dt.timedelta(hours=11))
    assert kinds_for(cast.unit_staff) == ["hotline.deadline_near"]
    with committed():
        hotline_notifications.warn_deadlines(now=due + dt.timedelta(hours=2))
    assert kinds_for(cast.unit_staff)[-1] == "hotline.overdue"
    assert kinds_for(cast.chaoyang_admin) == []
    with committed():
        hotline_notifications.warn_deadlines(now=due + dt.timedelta(days=2))
    # The unit is not told twice; the district (the head of a sub-district office) is told once.
    assert kinds_for(cast.unit_staff).count("hotline.overdue") == 1
    assert kinds_for(cast.chaoyang_admin) == ["hotline.overdue"]
    assert Message.objects.get(recipient=cast.chaoyang_admin).urgent


def test_every_case_number_gets_a_survey_link_that_leads_back_to_it(db):
    from minsheng.notifications.survey import case_number_of

    for number in (f"20261207{n:06d}" for n in range(300)):
        assert case_number_of(survey_token(number)) == number
        token = survey_token(number)
        forged = token[:-1] + ("A" if token[-1] != "A" else "B")
        assert case_number_of(forged) is None
