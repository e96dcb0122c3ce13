"""The residents' API: the same proof and the same actions as the pages, without a session."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.test import APIClient

from minsheng.hotline.models import Case, CaseAttachment
from tests import photos
from tests.hotline.residents.conftest import PHONE, last_code


def send_code(api, capture, **data):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        answer = api.post(reverse("api:hotline_api:resident-code"), data, format="json")
    assert answer.status_code == 202
    return last_code(data["phone"])


def test_a_resident_reports_through_the_api_with_a_photo(
    db, cast, jinsong, django_capture_on_commit_callbacks
):
    api = APIClient()
    code = send_code(api, django_capture_on_commit_callbacks, phone=PHONE)
    answer = api.post(
        reverse("api:hotline_api:resident-report"),
        {
            "kind": "help",
            "content": "楼道灯坏了",
            "place": jinsong.code,
            "name": "李华",
            "phone": PHONE,
            "code": code,
            "photos": [photos.photo()],
        },
        format="multipart",
    )
    assert answer.status_code == 201, answer.json()
    case = Case.objects.get(number=answer.json()["number"])
    assert (case.channel, case.subdistrict) == ("web", jinsong)
    assert CaseAttachment.objects.filter(case=case).count() == 1
    followed = api.get(reverse("api:hotline_api:resident-case", args=[answer.json()["token"]]))
    assert followed.json()["status"] == "received"
    assert followed.json()["steps"][0]["photos"]


def test_a_wrong_code_answers_400_with_the_reason(db, django_capture_on_commit_callbacks):
    api = APIClient()
    code = send_code(api, django_capture_on_commit_callbacks, phone=PHONE)
    answer = api.post(
        reverse("api:hotline_api:resident-report"),
        {
            "kind": "help",
            "content": "楼道灯坏了",
            "name": "李华",
            "phone": PHONE,
            "code": f"{(int(code) + 1) % 1_000_000:06d}",
        },
        format="json",
    )
    assert answer.status_code == 400 and not Case.objects.exists()


def test_following_needs_the_code_and_the_survey_reopens_an_unresolved_case(
    handled_case, django_capture_on_commit_callbacks
):
    api = APIClient()
    proof = reverse("api:hotline_api:resident-proof")
    guessed = api.post(proof, {"number": handled_case.number, "phone": PHONE, "code": "123456"})
    assert guessed.status_code == 400
    code = send_code(
        api, django_capture_on_commit_callbacks, phone=PHONE, number=handled_case.number
    )
    token = api.post(proof, {"number": handled_case.number, "phone": PHONE, "code": code}).json()[
        "token"
    ]
    answer = api.post(
        reverse("api:hotline_api:resident-survey", args=[token]),
        {"resolved": False, "rating": "dissatisfied"},
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["status"] == "accepted"
    again = api.post(
        reverse("api:hotline_api:resident-survey", args=[token]),
        {"resolved": True, "rating": "satisfied"},
        format="json",
    )
    assert again.status_code == 409


def test_a_forged_token_finds_nothing(db):
    api = APIClient()
    assert (
        api.get(
            reverse("api:hotline_api:resident-case", args=["20260101000001-0000000-aaaaaaaaaaaa"])
        ).status_code
        == 404
    )


def test_information_reaches_the_case(dispatched_case):
    from minsheng.hotline.residents.links import case_token

    api = APIClient()
    answer = api.post(
        reverse("api:hotline_api:resident-information", args=[case_token(dispatched_case.number)]),
        {"note": "下雨后更严重"},
        format="json",
    )
    assert answer.status_code == 201
    assert dispatched_case.events.filter(kind="supplemented").exists()
