"""The door code's token: a random card code signed by the platform, naming no one.

The token alone proves nothing about the person; the card it names belongs to one elder, and a
card retired by a new one (rotation) no longer signs anybody in after it was retired.
"""

from __future__ import annotations

import secrets

from django.core import signing

PREFIX = "MSDOOR:"
_SIGNER = signing.Signer(salt="minsheng.presence.door-card")


def new_code() -> str:
    return secrets.token_urlsafe(12)


def token_for(code: str) -> str:
    return PREFIX + _SIGNER.sign(code)


def code_of(token: str) -> str | None:
    """The card code a scanned token names, or None if the platform did not sign it."""
    token = token.strip()
    if not token.startswith(PREFIX):
        return None
    try:
        return _SIGNER.unsign(token[len(PREFIX) :])
    except signing.BadSignature:
        return None
