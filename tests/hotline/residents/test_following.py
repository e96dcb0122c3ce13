"""A resident follows their own request, sees the unit's reply and answers the survey."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from minsheng.audit.models import AuditEntry
from minsheng.hotline import actions
from minsheng.hotline.models import CaseAttachment, CaseEvent
from minsheng.hotline.residents.links import case_token
from tests import photos
from tests.hotline.residents.conftest import PHONE, last_code

TRACK = reverse("residents:track")


@pytest.fixture(autouse=True)
def in_english():  # type: ignore[no-untyped-def]
    """Rule messages are matched in English; pages are read in Chinese, their default."""
    with translation.override("en"):
        yield


@pytest.fixture
def follow(client, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Prove a case the way a resident does: number and phone, then the texted code."""

    def run(number: str, phone: str = PHONE):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            client.post(TRACK, {"number": number, "phone": phone, "send_code": "1"})
        return client.post(TRACK, {"number": number, "phone": phone, "code": last_code(phone)})

    return run


def test_the_caller_follows_their_case_with_a_code(client, new_case, follow):
    answer = follow(new_case.number)
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert new_case.number in page and new_case.content in page


def test_another_persons_case_number_without_the_code_shows_nothing(client, new_case):
    assert client.get(reverse("residents:case", args=[new_case.number])).status_code == 404
    page = client.post(TRACK, {"number": new_case.number, "phone": PHONE, "code": "000000"})
    assert page.status_code == 200 and "验证码已过期或未发送" in page.content.decode()
    assert client.get(reverse("residents:case", args=[new_case.number])).status_code == 404


def test_a_wrong_phone_gets_no_code_and_learns_nothing(
    client, new_case, django_capture_on_commit_callbacks
):
    from minsheng.notifications.models import Delivery

    with django_capture_on_commit_callbacks(execute=True):
        same = client.post(
            TRACK, {"number": new_case.number, "phone": "13700000000", "send_code": "1"}
        )
        other = client.post(TRACK, {"number": "20260101000000", "phone": PHONE, "send_code": "1"})
    assert not Delivery.objects.filter(event__kind="people.phone_code").exists()
    assert "如编号与手机号相符" in same.content.decode()
    assert "如编号与手机号相符" in other.content.decode()


def test_the_timeline_shows_public_steps_only(client, cast, dispatched_case, follow):
    actions.add_note(actor=cast.dispatcher, case=dispatched_case, note="内部：该居民多次来电")
    case = actions.accept_case(actor=cast.unit_staff, case=dispatched_case)
    case = actions.record_contact(actor=cast.unit_staff, case=case, note="已电话联系")
    actions.record_result(
        actor=cast.unit_staff,
        case=case,
        result="resolved",
        resolution="已联系维保单位修复电梯",
        photos=[photos.photo("after.jpg")],
    )
    page = client.get(follow(case.number)["Location"]).content.decode()
    assert "已派给" in page and case.lead_unit.display_name in page
    assert "已联系维保单位修复电梯" in page
    assert "内部" not in page and "已电话联系" not in page
    for person in (cast.dispatcher, cast.unit_staff):
        assert person.name not in page
    after = CaseAttachment.objects.get(role="after")
    assert reverse("residents:thumbnail", args=[after.pk]) in page
    assert "您的问题解决了吗" in page


def test_not_resolved_online_reopens_the_case_and_counts_like_the_call_back(
    client, handled_case, follow
):
    follow(handled_case.number)
    client.post(
        reverse("residents:survey", args=[handled_case.number]),
        {"resolved": "no", "rating": "very_dissatisfied", "comment": "电梯还是坏的"},
    )
    handled_case.refresh_from_db()
    assert (handled_case.status, handled_case.callback_resolved, handled_case.satisfaction) == (
        "accepted",
        False,
        "dissatisfied",
    )
    surveyed = handled_case.events.get(kind=CaseEvent.Kind.SURVEYED)
    assert surveyed.data["method"] == "online" and surveyed.actor is None
    assert surveyed.data["rating"] == "very_dissatisfied"
    assert handled_case.events.filter(kind=CaseEvent.Kind.REOPENED).exists()
    entry = AuditEntry.objects.filter(action="hotline.record_callback").get()
    assert entry.after["method"] == "online"


def test_resolved_and_satisfied_online_closes_it(client, handled_case, follow):
    follow(handled_case.number)
    client.post(
        reverse("residents:survey", args=[handled_case.number]),
        {"resolved": "yes", "rating": "satisfied"},
    )
    handled_case.refresh_from_db()
    assert handled_case.status == "closed" and handled_case.satisfaction == "satisfied"


def test_the_survey_is_refused_before_the_unit_replies(client, dispatched_case, follow):
    follow(dispatched_case.number)
    page = client.post(
        reverse("residents:survey", args=[dispatched_case.number]),
        {"resolved": "yes", "rating": "satisfied"},
        follow=True,
    )
    assert "此诉求目前无需您评价" in page.content.decode()
    dispatched_case.refresh_from_db()
    assert dispatched_case.status == "dispatched"


def test_the_text_messages_link_opens_the_case(client, handled_case):
    link = reverse("residents:link", args=[case_token(handled_case.number)])
    answer = client.get(link)
    assert answer["Location"] == reverse("residents:case", args=[handled_case.number])
    forged = link.replace(handled_case.number, "20260101000001")
    assert client.get(forged).status_code == 404


def test_the_resident_adds_information_and_a_photo_for_the_lead_unit(
    client, dispatched_case, follow, media
):
    follow(dispatched_case.number)
    client.post(
        reverse("residents:add", args=[dispatched_case.number]),
        {"note": "晚上八点以后最严重", "photos": [photos.photo("night.jpg", gps=True)]},
    )
    event = dispatched_case.events.get(kind=CaseEvent.Kind.SUPPLEMENTED)
    assert event.note == "晚上八点以后最严重" and event.unit == dispatched_case.lead_unit
    photo = CaseAttachment.objects.get(event=event)
    full = client.get(reverse("residents:photo", args=[photo.pk]))
    body = b"".join(full.streaming_content)
    assert full["Content-Type"] == "image/jpeg" and b"PhoneMaker" not in body
    assert full["Cache-Control"] == "private, no-store"
    assert full["X-Content-Type-Options"] == "nosniff"
    assert full["Content-Disposition"] == "inline"
    thumbnail = client.get(reverse("residents:thumbnail", args=[photo.pk]))
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"
    assert AuditEntry.objects.filter(action="hotline.download_photo").count() == 2


def test_photos_are_served_only_to_those_allowed(client, cast, dispatched_case, follow):
    actions.add_information(case=dispatched_case, note="", photos=[photos.photo()])
    photo = CaseAttachment.objects.get()
    url = reverse("residents:photo", args=[photo.pk])
    assert client.get(url).status_code == 404  # a stranger
    client.force_login(cast.unit_staff)  # the lead unit sees its case's photos
    assert client.get(url).status_code == 200
    client.force_login(cast.volunteer)
    assert client.get(url).status_code == 404


def test_a_closed_request_takes_no_more_information(handled_case):
    from django.core.exceptions import ValidationError

    actions.record_online_callback(case=handled_case, resolved=True, rating="satisfied")
    with pytest.raises(ValidationError, match="closed"):
        actions.add_information(case=handled_case, note="还有一件事")


def test_the_unit_replies_with_an_after_photo_through_its_page_and_sees_the_residents(
    client, cast, dispatched_case
):
    actions.add_information(case=dispatched_case, note="井盖位置", photos=[photos.photo()])
    case = actions.accept_case(actor=cast.unit_staff, case=dispatched_case)
    case = actions.record_contact(actor=cast.unit_staff, case=case, note="已电话联系")
    client.force_login(cast.unit_staff)
    client.post(
        reverse("hotline:result", args=[case.number]),
        {"result": "resolved", "resolution": "已补装井盖", "photos": [photos.photo("after.jpg")]},
    )
    case.refresh_from_db()
    assert case.status == "handled"
    resident, after = CaseAttachment.objects.order_by("pk")
    assert (resident.role, after.role) == ("resident", "after")
    page = client.get(reverse("hotline:case", args=[case.number])).content.decode()
    for photo in (resident, after):
        assert reverse("residents:thumbnail", args=[photo.pk]) in page


def test_the_lead_units_staff_hear_of_added_information(cast, dispatched_case, committed):
    from minsheng.notifications.models import Message

    with committed():
        actions.add_information(case=dispatched_case, note="晚上更严重")
    message = Message.objects.get(recipient=cast.unit_staff, event__kind="hotline.supplemented")
    assert dispatched_case.number in message.title and "晚上更严重" in message.body


def test_a_resident_with_an_account_sees_the_requests_made_from_their_phone(
    client, cast, new_case, handled_case
):
    from minsheng.people.actions import register_person

    person = register_person(
        actor=None,
        username="wang",
        name="王",
        home_region=None,
        phone=PHONE,
        password="x-y-z-123456",
    )
    client.force_login(person)
    page = client.get(TRACK).content.decode()
    assert handled_case.number in page
    assert client.get(reverse("residents:case", args=[handled_case.number])).status_code == 200
    client.force_login(cast.volunteer)  # another person's account: nothing
    assert client.get(reverse("residents:case", args=[handled_case.number])).status_code == 404
