"""A resident reports a problem online: it becomes a case on the web channel like a call."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from minsheng.audit.models import AuditEntry
from minsheng.hotline.models import Case, CaseAttachment
from minsheng.notifications.models import Delivery
from minsheng.people.models import PhoneCode
from tests import photos
from tests.hotline.residents.conftest import PHONE, stored_files

REPORT = {
    "kind": "complaint",
    "content": "劲松三区5号楼门口的井盖丢了，晚上很危险。",
    "address": "劲松三区5号楼",
    "latitude": "39.884",
    "longitude": "116.462",
    "name": "王建国",
    "phone": PHONE,
}


def report(client, code, **changes):  # type: ignore[no-untyped-def]
    return client.post(reverse("residents:report"), {**REPORT, "code": code, **changes})


def test_the_report_page_needs_no_account_and_works_without_javascript(client, db):
    page = client.get(reverse("residents:report"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in html and 'href="tel:12345"' in html
    assert reverse("residents:report_code") in html


def test_a_resident_reports_with_two_photos_and_gets_the_number_on_screen_and_by_sms(
    client, cast, jinsong, ask_code, media, committed
):
    code = ask_code(client, **REPORT)
    with committed():
        answer = report(
            client,
            code,
            place=jinsong.pk,
            photos=[photos.photo("a.jpg", gps=True), photos.photo("b.jpg")],
        )
    case = Case.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("residents:case", args=[case.number])
    assert (case.channel, case.source, case.kind, case.status) == (
        "web",
        "web",
        "complaint",
        "received",
    )
    assert case.subdistrict == jinsong and case.region_path == jinsong.path
    assert (case.latitude, case.longitude) == (39.884, 116.462)
    assert case.caller_phone == PHONE and case.caller_phone_masked == "138****5678"
    assert case.response_due is not None and re.fullmatch(r"\d{14}", case.number)
    texted = Delivery.objects.get(event__kind="hotline.case_received")
    assert case.number in texted.text
    page = client.get(answer["Location"])
    assert case.number in page.content.decode()
    assert CaseAttachment.objects.filter(case=case, role="resident").count() == 2
    assert len(stored_files(media)) == 4  # two photos and their thumbnails
    assert all(b"PhoneMaker" not in p.read_bytes() for p in stored_files(media))
    assert AuditEntry.objects.filter(action="hotline.upload_photo").count() == 2
    assert AuditEntry.objects.get(action="hotline.receive_case").ip == "127.0.0.1"


def test_sending_a_code_keeps_what_was_typed(client, db, ask_code):
    ask_code(client, **REPORT)
    page = client.post(reverse("residents:report_code"), {**REPORT, "phone": "13700000000"})
    assert REPORT["content"] in page.content.decode()


def test_a_wrong_code_creates_nothing_and_says_so(client, db, ask_code, media):
    code = ask_code(client, **REPORT)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    page = report(client, wrong, photos=[photos.photo()])
    assert page.status_code == 200 and not Case.objects.exists()
    assert "验证码不正确" in page.content.decode() or "not right" in page.content.decode()
    assert stored_files(media) == []


def test_a_disguised_file_refuses_the_whole_report_and_keeps_the_code(client, db, ask_code, media):
    code = ask_code(client, **REPORT)
    page = report(client, code, photos=[photos.photo(), photos.script_as_jpeg()])
    assert page.status_code == 200 and not Case.objects.exists()
    assert "photo.jpg" in page.content.decode()
    assert stored_files(media) == []
    assert PhoneCode.objects.get().used_at is None  # the form's mistake did not use the code
    report(client, code, photos=[photos.photo()])
    assert Case.objects.count() == 1


def test_a_decompression_bomb_is_refused(client, db, ask_code):
    code = ask_code(client, **REPORT)
    page = report(client, code, photos=[photos.decompression_bomb()])
    assert page.status_code == 200 and not Case.objects.exists()


def test_more_than_six_photos_are_refused(client, db, ask_code):
    code = ask_code(client, **REPORT)
    page = report(client, code, photos=[photos.photo(f"{n}.jpg") for n in range(7)])
    assert page.status_code == 200 and not Case.objects.exists()


@pytest.mark.parametrize("field", ["content", "name", "code"])
def test_a_missing_field_is_named(client, db, field):
    page = client.post(reverse("residents:report"), {**REPORT, "code": "123456", field: ""})
    assert page.status_code == 200 and not Case.objects.exists()
    assert "field-error" in page.content.decode()


def test_one_phone_cannot_flood_reports(client, cast, ask_code):
    from minsheng.hotline import actions
    from minsheng.hotline.actions import residents

    for n in range(residents.REPORTS_PER_DAY):
        actions.receive_case(actor=None, content=f"第{n}个问题", channel="web", caller_phone=PHONE)
    code = ask_code(client, **REPORT)
    page = report(client, code)
    assert Case.objects.count() == residents.REPORTS_PER_DAY
    assert "12345" in page.content.decode() and "field-error" not in page.content.decode()
    assert PhoneCode.objects.get().used_at is None
