"""Anonymous reports: no name; without a phone only for the kinds the setting allows, and then
followed by a key shown once. Marked for staff and for the resident, audited, dispatched alike."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from minsheng.audit.models import AuditEntry
from minsheng.hotline import actions
from minsheng.hotline.models import Case, TrackingKey
from minsheng.notifications.models import Delivery
from tests.hotline.residents.conftest import PHONE

SUGGESTION = {
    "kind": "suggestion",
    "content": "建议在劲松公园门口增加几个休息座椅。",
    "anonymous": "on",
    "name": "",
    "phone": "",
    "code": "",
}


def test_a_suggestion_without_name_or_phone_gets_a_key_shown_once(client, cast, jinsong):
    answer = client.post(reverse("residents:report"), {**SUGGESTION, "place": jinsong.pk})
    assert answer.status_code == 302 and answer["Location"] == reverse("residents:received")
    case = Case.objects.get()
    assert case.anonymous and case.channel == "web" and case.subdistrict == jinsong
    assert (case.caller_name, case.caller_phone, case.caller_phone_hash) == ("", "", "")
    assert not Delivery.objects.filter(event__kind="hotline.case_received").exists()

    page = client.get(answer["Location"]).content.decode()
    key = page.split('class="tracking-key"><strong>')[1].split("<")[0]
    assert len(key) == 14 and key not in TrackingKey.objects.get(case=case).key_hash
    assert "无法通过短信验证码查询" in page
    assert reverse("residents:key_link", args=[case.number, key]) in page
    # Shown once: the page does not come back.
    assert client.get(reverse("residents:received"))["Location"] == reverse("residents:track")

    stranger = client_class_new(client)
    wrong = stranger.post(reverse("residents:track_key"), {"number": case.number, "key": "AAAA"})
    assert wrong.status_code == 200
    assert stranger.get(reverse("residents:case", args=[case.number])).status_code == 404
    typed = stranger.post(
        reverse("residents:track_key"), {"number": case.number, "key": key.lower()}
    )
    assert typed["Location"] == reverse("residents:case", args=[case.number])
    own = stranger.get(typed["Location"]).content.decode()
    assert "badge-anonymous" in own
    link = client_class_new(client).get(reverse("residents:key_link", args=[case.number, key]))
    assert link["Location"] == reverse("residents:case", args=[case.number])

    audit = AuditEntry.objects.get(action="hotline.report_anonymously")
    assert audit.after == {"kind": "suggestion", "phone": False} and audit.ip == "127.0.0.1"
    assert AuditEntry.objects.get(action="hotline.receive_case").after["anonymous"] is True


def client_class_new(client):  # type: ignore[no-untyped-def]
    """Another visitor, without this one's session."""
    return type(client)()


def test_a_complaint_without_a_phone_is_refused_and_nothing_is_created(client, cast):
    page = client.post(reverse("residents:report"), {**SUGGESTION, "kind": "complaint"})
    assert page.status_code == 200
    assert "phone" in page.context["form"].errors
    assert not Case.objects.exists() and not TrackingKey.objects.exists()
    assert not AuditEntry.objects.filter(action="hotline.report_anonymously").exists()


def test_the_setting_decides_which_kinds_may_come_without_a_phone(client, cast, settings):
    settings.HOTLINE_ANONYMOUS_KINDS = ("complaint",)
    client.post(reverse("residents:report"), {**SUGGESTION, "kind": "complaint"})
    refused = client.post(reverse("residents:report"), {**SUGGESTION, "content": "另一条建议"})
    assert list(Case.objects.values_list("kind", flat=True)) == ["complaint"]
    assert "phone" in refused.context["form"].errors


def test_an_anonymous_complaint_keeps_the_verified_phone_but_not_the_name(
    client, cast, jinsong, jinsong_office, ask_code
):
    code = ask_code(client)
    client.post(
        reverse("residents:report"),
        {**SUGGESTION, "kind": "complaint", "name": "王建国", "phone": PHONE, "code": code},
    )
    case = Case.objects.get()
    assert case.anonymous and case.caller_name == "" and case.caller_name_masked == ""
    assert case.caller_phone == PHONE and not TrackingKey.objects.exists()
    # Dispatched like any other; staff see it marked on the list and on the case page.
    actions.dispatch_case(actor=cast.dispatcher, case=case, unit=jinsong_office)
    client.force_login(cast.dispatcher)
    listed = client.get(reverse("hotline:cases")).content.decode()
    shown = client.get(reverse("hotline:case", args=[case.number])).content.decode()
    assert "badge-anonymous" in listed and "badge-anonymous" in shown
    assert "王建国" not in shown and "138****5678" in shown


def test_the_database_refuses_a_name_on_an_anonymous_case(cast, jinsong):
    case = actions.receive_case(
        actor=cast.dispatcher, content="噪音", subdistrict=jinsong, anonymous=True
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(caller_name_masked="王*")


def test_the_api_reports_anonymously_and_proves_the_case_by_its_key(db, cast, jinsong):
    api = APIClient()
    refused = api.post(
        reverse("api:hotline_api:resident-report"),
        {"kind": "help", "content": "楼道灯坏了", "anonymous": True},
        format="json",
    )
    assert refused.status_code == 400 and "phone" in refused.json()["error"]["fields"]
    answer = api.post(
        reverse("api:hotline_api:resident-report"),
        {"kind": "praise", "content": "感谢劲松街道及时修好路灯", "anonymous": True},
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    number, key = answer.json()["number"], answer.json()["key"]
    proof = api.post(
        reverse("api:hotline_api:resident-proof"), {"number": number, "key": key}, format="json"
    )
    assert proof.status_code == 200
    case = api.get(reverse("api:hotline_api:resident-case", args=[proof.json()["token"]]))
    assert case.json()["anonymous"] is True and case.json()["kind"] == "praise"
    wrong = api.post(
        reverse("api:hotline_api:resident-proof"),
        {"number": number, "key": "WRONG-KEY"},
        format="json",
    )
    assert wrong.status_code == 400
