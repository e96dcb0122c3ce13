"""Residents create their own account with a phone proved by a texted code."""

from __future__ import annotations

import re

from django.urls import reverse

from minsheng.core import identity
from minsheng.notifications.models import Delivery
from minsheng.people.models import User

PHONE = "13911112222"
FORM = {"name": "陈小明", "phone": PHONE, "password": "劲松-长城-2026", "id_number": ""}


def code_for(client, capture) -> str:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        client.post(reverse("signup_code"), FORM)
    text = Delivery.objects.filter(event__kind="people.phone_code").latest("pk").text
    found = re.search(r"\d{6}", text)
    assert found is not None
    return found.group()


def test_a_resident_signs_up_and_is_logged_in(client, db, django_capture_on_commit_callbacks):
    code = code_for(client, django_capture_on_commit_callbacks)
    answer = client.post(reverse("signup"), {**FORM, "code": code})
    assert answer.status_code == 302 and answer["Location"] == reverse("web:home")
    person = User.objects.get(username=PHONE)
    assert person.name == "陈小明" and person.phone_masked == "139****2222"
    assert person.check_password(FORM["password"]) and not person.role_assignments.exists()
    assert client.get(reverse("web:home")).status_code == 200


def test_a_valid_id_number_is_kept_and_a_wrong_one_refused_before_the_code_is_used(
    client, db, django_capture_on_commit_callbacks
):
    code = code_for(client, django_capture_on_commit_callbacks)
    wrong = client.post(
        reverse("signup"), {**FORM, "code": code, "id_number": "110105194912310021"}
    )
    assert wrong.status_code == 200 and not User.objects.exists()
    import datetime as dt

    good = identity.make_resident_id("110105", dt.date(1950, 3, 1), 12, "F")
    client.post(reverse("signup"), {**FORM, "code": code, "id_number": good})
    assert User.objects.get().id_number_masked.startswith("110105")


def test_without_the_right_code_nobody_is_created(client, db, django_capture_on_commit_callbacks):
    code = code_for(client, django_capture_on_commit_callbacks)
    page = client.post(reverse("signup"), {**FORM, "code": f"{(int(code) + 1) % 1_000_000:06d}"})
    assert page.status_code == 200 and not User.objects.exists()


def test_one_phone_one_account(client, cast, django_capture_on_commit_callbacks):
    code = code_for(client, django_capture_on_commit_callbacks)
    client.post(reverse("signup"), {**FORM, "code": code})
    other = client.post(reverse("signup_code"), {**FORM, "name": "另一个人"})
    client.logout()
    page = client.post(reverse("signup"), {**FORM, "code": code})
    assert User.objects.filter(username=PHONE).count() == 1
    assert page.status_code == 200 and other.status_code == 200
