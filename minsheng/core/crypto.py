"""Encryption at rest and keyed hashes for personal data.

``MINSHENG_ENCRYPTION_KEY`` may hold several Fernet keys separated by commas, newest first: new
values are encrypted with the first, old values still decrypt with the others (key rotation).
Keyed hashes let the database enforce uniqueness and find a person by ID number or phone without
ever storing the clear value; their key is ``MINSHENG_HASH_KEY`` or, by default, derived from the
secret key so that rotating encryption keys does not change any hash.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@cache
def _fernet() -> MultiFernet:
    keys = [key.strip() for key in settings.ENCRYPTION_KEY.split(",") if key.strip()]
    return MultiFernet([Fernet(key.encode()) for key in keys])


@cache
def _hash_key() -> bytes:
    configured = os.environ.get("MINSHENG_HASH_KEY")
    if configured:
        return configured.encode()
    return hashlib.sha256(b"minsheng-keyed-hash:" + settings.SECRET_KEY.encode()).digest()


def encrypt(clear: str) -> str:
    return _fernet().encrypt(clear.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("Personal data cannot be decrypted with the configured keys.") from error


def keyed_hash(value: str, purpose: str) -> str:
    """A stable pseudonym for ``value``; ``purpose`` keeps hashes of different kinds apart."""
    message = f"{purpose}:{value}".encode()
    return hmac.new(_hash_key(), message, hashlib.sha256).hexdigest()


def reset_caches() -> None:
    """For tests that change keys."""
    _fernet.cache_clear()
    _hash_key.cache_clear()
