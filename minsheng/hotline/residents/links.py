"""The signed link to a resident's own case, and the key of a report made without a phone.

The link of the reply text message (``/12345/track/link/<token>/``) and the residents' API carry
a token: the case number, when it was issued and a keyed signature of both. It works for
``HOTLINE_CASE_LINK_DAYS`` days; after that the resident follows the case by its number and a
code texted to their phone. A report made without a phone gets a key instead, shown once.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import secrets

from django.utils import timezone
from django.utils.crypto import salted_hmac

from minsheng.core import crypto
from minsheng.hotline import conf

SALT = "minsheng.hotline.residents.link"
# 12 characters of the keyed hash (72 bits): short enough for a text message, unguessable.
SIGNATURE_LENGTH = 12
# The issue time in seconds, in base 36, always seven characters wide.
ISSUED_LENGTH = 7
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
# A key is typed from the screen: no 0/O, 1/I/L.
KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
KEY_LENGTH = 12
KEY_PURPOSE = "hotline-tracking-key"


class LinkExpired(Exception):
    """A genuine link, too old: the resident follows the case with a code instead."""

    def __init__(self, number: str) -> None:
        super().__init__(number)
        self.number = number


def _signature(message: str) -> str:
    digest = salted_hmac(SALT, message, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode()[:SIGNATURE_LENGTH]


def _base36(value: int) -> str:
    text = ""
    while value:
        value, digit = divmod(value, 36)
        text = DIGITS[digit] + text
    return text.rjust(ISSUED_LENGTH, "0")


def case_token(number: str, *, issued: dt.datetime | None = None) -> str:
    """``<number>-<issued>-<signature>``, for the link and the API."""
    stamp = _base36(int((issued or timezone.now()).timestamp()))
    return f"{number}-{stamp}-{_signature(f'{number}-{stamp}')}"


def case_number_of(token: str, *, now: dt.datetime | None = None) -> str | None:
    """The number a genuine, unexpired token names; None for a forged or malformed one.

    Raises :class:`LinkExpired` for a genuine token older than the setting allows, and for a
    genuine link of the earlier form, which carried no date.
    """
    # Fixed widths from the right: the signature may itself contain "-", and so may a number.
    width = ISSUED_LENGTH + SIGNATURE_LENGTH + 2
    if len(token) <= width:
        _raise_if_earlier_form(token)
        return None
    number, tail = token[:-width], token[-width:]
    stamp, signature = tail[1 : ISSUED_LENGTH + 1], tail[-SIGNATURE_LENGTH:]
    well_formed = tail[0] == tail[ISSUED_LENGTH + 1] == "-" and all(c in DIGITS for c in stamp)
    expected = _signature(f"{number}-{stamp}").encode()
    if not well_formed or not hmac.compare_digest(signature.encode(), expected):
        _raise_if_earlier_form(token)
        return None
    issued = dt.datetime.fromtimestamp(int(stamp, 36), tz=dt.UTC)
    if (now or timezone.now()) - issued > dt.timedelta(days=conf.case_link_days()):
        raise LinkExpired(number)
    return number


def _raise_if_earlier_form(token: str) -> None:
    """Links sent before they carried a date name the case but cannot tell their age."""
    from minsheng.notifications.survey import case_number_of as undated_number_of

    # Only ASCII: the earlier check compares strings, which refuses anything else.
    number = undated_number_of(token) if token.isascii() else None
    if number is not None:
        raise LinkExpired(number)


def new_key() -> str:
    """A key such as ``K7QX-M2PD-9FHT`` (about 59 bits), to keep in place of a phone."""
    key = "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))
    return "-".join(key[i : i + 4] for i in range(0, KEY_LENGTH, 4))


def key_hash(key: str) -> str:
    """The key's keyed hash; spaces, dashes and case do not matter when it is typed back."""
    cleaned = "".join(c for c in key.upper() if c.isalnum())
    return crypto.keyed_hash(cleaned, KEY_PURPOSE)
