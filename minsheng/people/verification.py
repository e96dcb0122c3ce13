"""Proving that a person holds a mobile phone: a six-digit code by text message.

Used wherever a resident acts without an account or signs up: reporting to 12345, following a
request, registering. Codes expire after ten minutes, are used once, and a code can be tried
five times (the database refuses a sixth attempt). Sending is limited per phone and per
address, so that nobody can flood a phone with texts or guess codes at scale.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.audit.actions import record
from minsheng.audit.context import current
from minsheng.core import crypto, identity
from minsheng.people.models import PhoneCode

CODE_PURPOSE = "phone-code"
VALID_FOR = dt.timedelta(minutes=10)
RESEND_AFTER = dt.timedelta(seconds=60)
# (how many, in how long): per phone and per address.
PER_PHONE = ((5, dt.timedelta(hours=1)), (10, dt.timedelta(days=1)))
PER_ADDRESS = ((20, dt.timedelta(hours=1)), (60, dt.timedelta(days=1)))


class TooManyCodes(ValidationError):
    pass


def phone_hash(number: str) -> str:
    return crypto.keyed_hash(identity.normalise_mobile(number), "mobile")


def _code_hash(code: str, number: str) -> str:
    return crypto.keyed_hash(f"{identity.normalise_mobile(number)}:{code}", CODE_PURPOSE)


def send_code(*, phone: str, purpose: str, now: dt.datetime | None = None) -> PhoneCode:
    """Text a new code to ``phone``; refuse when the phone or the address asked too often."""
    from minsheng.people.notifications import text_code

    number = identity.parse_mobile(phone)
    now = now or timezone.now()
    ip = current().ip
    hashed = phone_hash(number)
    _check_limits(hashed, ip, now)
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        sent = PhoneCode.objects.create(
            purpose=purpose,
            phone_hash=hashed,
            code_hash=_code_hash(code, number),
            ip=ip,
            created_at=now,
            expires_at=now + VALID_FOR,
        )
        record(
            action="people.send_phone_code",
            target=None,
            after={"purpose": purpose, "phone": identity.mask_mobile(number)},
        )
        text_code(sent, number, code)
    return sent


def _check_limits(hashed: str, ip: str | None, now: dt.datetime) -> None:
    codes = PhoneCode.objects.filter(created_at__gt=now - max(w for _n, w in PER_PHONE))
    last = codes.filter(phone_hash=hashed).order_by("-created_at").first()
    if last is not None and now - last.created_at < RESEND_AFTER:
        raise TooManyCodes(
            _("A code was sent less than a minute ago. Wait a moment before asking again."),
            code="too_soon",
        )
    for limit, window in PER_PHONE:
        if codes.filter(phone_hash=hashed, created_at__gt=now - window).count() >= limit:
            raise TooManyCodes(
                _("Too many codes were sent to this phone. Try again later."), code="phone_limit"
            )
    if ip is None:
        return
    for limit, window in PER_ADDRESS:
        recent = PhoneCode.objects.filter(ip=ip, created_at__gt=now - window)
        if recent.count() >= limit:
            raise TooManyCodes(
                _("Too many codes were asked for from this address. Try again later."),
                code="address_limit",
            )


def check_code(*, phone: str, purpose: str, code: str, now: dt.datetime | None = None) -> None:
    """Use the phone's latest code for ``purpose``; raise ValidationError if it does not match.

    A wrong guess is counted and committed even though the caller's action then fails, so that
    the attempts cannot be reset by a failing request.
    """
    number = identity.parse_mobile(phone)
    now = now or timezone.now()
    with transaction.atomic(durable=False):
        sent = (
            PhoneCode.objects.select_for_update()
            .filter(phone_hash=phone_hash(number), purpose=purpose, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if sent is None or sent.expires_at <= now:
            raise ValidationError(
                _("The code has expired or was never sent. Ask for a new code."), code="expired"
            )
        if sent.attempts >= PhoneCode.MAX_ATTEMPTS:
            raise ValidationError(
                _("The code was tried too many times. Ask for a new code."), code="attempts"
            )
        matches = hmac.compare_digest(sent.code_hash, _code_hash(code.strip(), number))
        sent.attempts += 1
        if matches:
            sent.used_at = now
        sent.save(update_fields=["attempts", "used_at"])
    if not matches:
        left = PhoneCode.MAX_ATTEMPTS - sent.attempts
        raise ValidationError(
            _("The code is not right. %(left)d attempts left.") % {"left": left}, code="wrong"
        )
