"""The API does what the page does, with the same rules."""

from __future__ import annotations

from rest_framework.test import APIClient

from minsheng.carelink.models import CareLink


def as_user(user):  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def payload(tb, elder, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "elder": elder.pk,
        "item": tb.item().pk,
        "starts_at": tb.start(48).isoformat(),
        "duration_minutes": 60,
        "consent_given_by": "elder",
        "consent_method": "in_person",
    }
    return {**data, **overrides}


def test_the_dispatcher_turns_a_case_into_service_and_reads_the_link(cast, tb, care_case, elder):
    url = f"/api/carelink/cases/{care_case.number}/service/"
    made = as_user(cast.dispatcher).post(url, payload(tb, elder), format="json")
    assert made.status_code == 201, made.content
    assert made.json()["case"] == care_case.number
    read = as_user(cast.unit_staff).get(url)
    assert read.status_code == 200 and read.json()["order"] == CareLink.objects.get().order_id
    again = as_user(cast.dispatcher).post(url, payload(tb, elder), format="json")
    assert again.status_code == 409


def test_bad_input_and_missing_rights_are_refused(cast, tb, care_case, elder):
    url = f"/api/carelink/cases/{care_case.number}/service/"
    bad = as_user(cast.dispatcher).post(
        url, payload(tb, elder, consent_method="nod"), format="json"
    )
    assert bad.status_code == 400 and "consent_method" in bad.json()["error"]["fields"]
    assert as_user(cast.leader).post(url, payload(tb, elder), format="json").status_code == 403
    assert as_user(cast.dispatcher).get(url).status_code == 404  # no link yet
    assert not CareLink.objects.exists()
