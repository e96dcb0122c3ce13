"""The dispatcher corrects a case before dispatching it; a returning unit may ask for it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from minsheng.audit.models import AuditEntry
from minsheng.hotline import actions, dispatching
from minsheng.hotline.models import Case, DispatchRule, Status
from minsheng.people.models import Organisation
from minsheng.regions.models import Region


def correct(cast, case, **changes):  # type: ignore[no-untyped-def]
    fields = {
        "category": case.category,
        "subdistrict": case.subdistrict,
        "district": None if case.subdistrict else case.district,
        "community": case.community_name,
        "address": case.address,
        "kind": case.kind,
        "urgency": case.urgency,
    }
    return actions.correct_case(actor=cast.dispatcher, case=case, **{**fields, **changes})


@pytest.fixture
def heating_rule(categories):  # type: ignore[no-untyped-def]
    return DispatchRule.objects.create(
        category=categories["0601"], target="unit", unit=Organisation.objects.get(code="BJ-HEAT")
    )


def test_a_correction_changes_the_case_with_one_event_and_one_audit_row(
    cast, new_case, categories, heating_rule
):
    assert dispatching.suggest(new_case).unit.code == "SD-110105017"
    case = correct(
        cast,
        new_case,
        category=categories["060101"],
        urgency="urgent",
        note="来电人说的是暖气，不是电梯",
    )
    assert (case.category.code, case.urgency) == ("060101", "urgent")
    event = case.events.get(kind="corrected")
    assert event.actor == cast.dispatcher and event.note == "来电人说的是暖气，不是电梯"
    assert event.data["changes"]["category"] == ["030201", "060101"]
    assert event.data["changes"]["urgency"] == ["normal", "urgent"]
    assert event.data["suggestion"] == "BJ-HEAT"
    assert dispatching.suggest(case).unit.code == "BJ-HEAT"
    entry = AuditEntry.objects.get(action="hotline.correct_case")
    assert entry.before["category"] == "030201" and entry.after["category"] == "060101"
    assert entry.after["suggestion"] == "BJ-HEAT"


def test_the_deadlines_follow_the_kind_and_urgency_from_the_time_received(cast, new_case):
    case = correct(cast, new_case, kind="consultation", urgency="emergency")
    assert case.response_due == case.received_at + dt.timedelta(hours=2)
    assert case.handling_due == case.received_at + dt.timedelta(days=1)
    changes = case.events.get(kind="corrected").data["changes"]
    assert {"kind", "urgency", "response_due", "handling_due"} <= set(changes)


def test_the_place_is_corrected_down_to_the_community(cast, new_case):
    panjiayuan = Region.objects.get(code="110105018")
    case = correct(
        cast, new_case, subdistrict=panjiayuan, community="华威西里社区", address="华威西里12号楼"
    )
    assert (case.district.code, case.subdistrict, case.community_name) == (
        "110105",
        panjiayuan,
        "华威西里社区",
    )
    assert case.region_path.startswith(panjiayuan.path)
    assert dispatching.suggest(case).unit.code == "SD-110105018"


def test_nothing_to_change_is_refused(cast, new_case):
    with pytest.raises(ValidationError):
        correct(cast, new_case)
    assert not new_case.events.filter(kind="corrected").exists()


def test_a_case_is_corrected_until_its_unit_accepts_it(cast, dispatched_case):
    case = correct(cast, dispatched_case, urgency="urgent")
    assert case.status == Status.DISPATCHED
    case = actions.accept_case(actor=cast.unit_staff, case=case)
    with pytest.raises(actions.CorrectionTooLate):
        correct(cast, case, urgency="normal")


@pytest.mark.parametrize("role", ["unit_staff", "leader", "chaoyang_admin", "outsider"])
def test_only_dispatchers_correct(cast, new_case, role):
    with pytest.raises(PermissionDenied):
        actions.correct_case(
            actor=getattr(cast, role),
            case=new_case,
            category=None,
            kind="complaint",
            urgency="normal",
        )


@pytest.mark.django_db(transaction=True)
def test_a_refused_correction_changes_nothing(cast, new_case):
    haidian = Region.objects.get(code="110108001")
    with pytest.raises(ValidationError):
        correct(cast, new_case, district=Region.objects.get(code="110105"), subdistrict=haidian)
    case = Case.objects.get(pk=new_case.pk)
    assert case.subdistrict.code == "110105017" and not case.events.filter(kind="corrected")
    assert not AuditEntry.objects.filter(action="hotline.correct_case").exists()


def test_a_unit_returns_a_case_asking_for_another_category(
    cast, dispatched_case, categories, client
):
    actions.return_case(
        actor=cast.unit_staff,
        case=dispatched_case,
        reason="这是供热问题",
        category=categories["060101"],
    )
    case = Case.objects.get(pk=dispatched_case.pk)
    request = actions.reclassification_request(case)
    assert request["category"].code == "060101" and request["unit"].code == "SD-110105017"
    client.force_login(cast.dispatcher)
    page = client.get(reverse("hotline:case", args=[case.number]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "asks to reclassify the case" in text and "这是供热问题" in text
    # The correction form is filled in with what the unit asked for.
    assert page.context["correct_form"].initial["category"].code == "060101"


def test_the_dispatcher_corrects_from_the_case_page(client, cast, new_case, categories):
    client.force_login(cast.dispatcher)
    response = client.post(
        reverse("hotline:correct", args=[new_case.number]),
        {
            "category": categories["060101"].pk,
            "place": new_case.subdistrict.pk,
            "kind": "complaint",
            "urgency": "urgent",
            "address": "劲松三区5号楼",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    page = client.get(
        reverse("hotline:case", args=[new_case.number]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "The case is corrected" in page and "Corrected by the dispatcher" in page
    assert "Urgency: Normal → Urgent" in page


def test_the_unit_returns_with_a_request_from_the_case_page(
    client, cast, dispatched_case, categories
):
    client.force_login(cast.unit_staff)
    panjiayuan = Region.objects.get(code="110105018")
    client.post(
        reverse("hotline:return", args=[dispatched_case.number]),
        {"reason": "不在本街道", "place": panjiayuan.pk},
    )
    event = dispatched_case.events.get(kind="returned")
    assert event.data == {"reclassify": {"place": "110105018"}}


def test_the_api_corrects_and_answers_409_after_acceptance(cast, dispatched_case, categories):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(cast.dispatcher)
    url = f"/api/hotline/cases/{dispatched_case.number}/correct/"
    body = {
        "category": "060101",
        "subdistrict": "110105017",
        "kind": "complaint",
        "urgency": "urgent",
    }
    response = api.post(url, body, format="json")
    assert response.status_code == 200 and response.json()["urgency"] == "urgent"
    actions.accept_case(actor=cast.unit_staff, case=dispatched_case)
    assert api.post(url, {**body, "urgency": "normal"}, format="json").status_code == 409
