"""A code texted to a phone proves the person holds it: bounded in time, attempts and numbers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.utils import timezone, translation

from minsheng.audit.context import ActingContext, acting
from minsheng.notifications.models import Delivery
from minsheng.people import verification
from minsheng.people.models import PhoneCode

PHONE = "13912345678"


@pytest.fixture(autouse=True)
def in_english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


NOW = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)


def texted_code(phone: str = PHONE) -> str:
    """The code as the text message carries it (the SMS channel's outbox)."""
    text = Delivery.objects.filter(event__kind="people.phone_code").latest("pk")
    assert text.address_masked == phone[:3] + "****" + phone[-4:]
    found = re.search(r"\d{6}", text.text)
    assert found is not None
    return found.group()


@pytest.fixture
def send(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def run(phone: str = PHONE, now: dt.datetime = NOW) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            verification.send_code(phone=phone, purpose="test", now=now)
        return texted_code(phone)

    return run


def test_the_code_is_texted_urgently_and_stored_only_as_a_hash(db, send):
    code = send()
    sent = PhoneCode.objects.get()
    assert code not in sent.code_hash and PHONE not in sent.phone_hash
    assert Delivery.objects.get().event.urgent
    verification.check_code(phone=PHONE, purpose="test", code=code, now=NOW)
    assert PhoneCode.objects.get().used_at == NOW


def test_a_code_works_once(db, send):
    code = send()
    verification.check_code(phone=PHONE, purpose="test", code=code, now=NOW)
    with pytest.raises(ValidationError, match="expired or was never sent"):
        verification.check_code(phone=PHONE, purpose="test", code=code, now=NOW)


def test_a_code_expires_after_ten_minutes(db, send):
    code = send()
    with pytest.raises(ValidationError, match="expired"):
        verification.check_code(
            phone=PHONE, purpose="test", code=code, now=NOW + dt.timedelta(minutes=11)
        )


def test_a_code_for_one_purpose_does_not_serve_another(db, send):
    code = send()
    with pytest.raises(ValidationError):
        verification.check_code(phone=PHONE, purpose="other", code=code, now=NOW)


def test_guessing_is_stopped_after_five_attempts_even_the_right_code(db, send):
    code = send()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1, 0):
        with pytest.raises(ValidationError, match=f"{left} attempts left"):
            verification.check_code(phone=PHONE, purpose="test", code=wrong, now=NOW)
    with pytest.raises(ValidationError, match="tried too many times"):
        verification.check_code(phone=PHONE, purpose="test", code=code, now=NOW)


def test_a_phone_waits_a_minute_between_codes_and_gets_at_most_five_an_hour(db, send):
    send()
    with pytest.raises(verification.TooManyCodes, match="less than a minute ago"):
        send(now=NOW + dt.timedelta(seconds=30))
    for minute in range(1, 5):
        send(now=NOW + dt.timedelta(minutes=minute))
    with pytest.raises(verification.TooManyCodes, match="this phone"):
        send(now=NOW + dt.timedelta(minutes=6))
    send(now=NOW + dt.timedelta(minutes=61))  # the hour has passed


def test_one_address_cannot_flood_many_phones(db, send):
    with acting(ActingContext(ip="203.0.113.9")):
        for n in range(20):
            send(phone=f"139000000{n:02d}")
        with pytest.raises(verification.TooManyCodes, match="this address"):
            send(phone="13900000099")
    send(phone="13900000099")  # from elsewhere


def test_a_wrong_number_is_refused_in_words(db):
    with pytest.raises(ValidationError, match="11 digits"):
        verification.send_code(phone="12345", purpose="test")


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_sixth_attempt():
    sent = PhoneCode.objects.create(
        purpose="test",
        phone_hash="x",
        code_hash="y",
        created_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(minutes=10),
        attempts=5,
    )
    with pytest.raises(IntegrityError), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE people_phonecode SET attempts = attempts + 1 WHERE id = %s", [sent.pk]
        )
