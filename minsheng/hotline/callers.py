"""Callers' personal data: encrypted, hashed for recognising repeat callers, masked for display."""

from __future__ import annotations

import re

from minsheng.core import crypto, identity
from minsheng.hotline.models import CALLER_ID_PURPOSE, CALLER_PHONE_PURPOSE, Case

HASH_PATTERN = re.compile(r"^[0-9a-f]{64}$")


def caller_key_hash(caller_id: str) -> str:
    """The keyed hash of a caller identifier.

    A value that already is such a hash (64 lowercase hex digits, as ``export-cases`` writes it)
    is kept as it is, so that re-importing an exported file recognises the same callers.
    """
    value = caller_id.strip()
    if HASH_PATTERN.match(value):
        return value
    return crypto.keyed_hash(value, CALLER_ID_PURPOSE)


def mask_key(caller_id: str) -> str:
    value = caller_id.strip()
    if HASH_PATTERN.match(value):
        return value[:6] + "…"
    return value[:2] + "****" + value[-2:] if len(value) > 4 else "****"


def normalise_phone(raw: str) -> str:
    """Digits only (mobiles and landlines alike), without the country code."""
    number = identity.normalise_mobile(raw)
    return re.sub(r"[^0-9*]", "", number)


def phone_hash(raw: str) -> str:
    return crypto.keyed_hash(normalise_phone(raw), CALLER_PHONE_PURPOSE)


def mask_phone(raw: str) -> str:
    number = normalise_phone(raw)
    if "*" in number:
        return number  # already masked (an exported file)
    return identity.mask_mobile(number)


def mask_name(name: str) -> str:
    """``张*``, ``欧阳**``: the family name stays, the given name is hidden."""
    name = name.strip()
    if not name:
        return ""
    if "*" in name:
        return name
    return name[0] + "*" * max(1, len(name) - 1)


def set_caller(case: Case, *, caller_id: str = "", name: str = "", phone: str = "") -> None:
    """Store the caller on ``case`` (not saved). Empty values mean an anonymous caller."""
    case.caller_key_hash = caller_key_hash(caller_id) if caller_id.strip() else ""
    case.caller_key_masked = mask_key(caller_id) if caller_id.strip() else ""
    case.caller_name = name.strip()
    case.caller_name_masked = mask_name(name)
    case.caller_phone = normalise_phone(phone) if phone.strip() else ""
    case.caller_phone_hash = phone_hash(phone) if phone.strip() else ""
    case.caller_phone_masked = mask_phone(phone) if phone.strip() else ""
