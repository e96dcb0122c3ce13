"""The Ed25519 key that signs exports and checkpoints.

``MINSHENG_LEDGER_SIGNING_KEY`` (the 32-byte private key, base64) in production; locally a key
generated once in ``var/local-keys.json``. Publish the public key (``minsheng export-ledger``
prints it) so that anyone can tell a genuine export from a forged one.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from minsheng import localkeys

ENVIRONMENT = "MINSHENG_LEDGER_SIGNING_KEY"


def private_key() -> Ed25519PrivateKey:
    encoded = os.environ.get(ENVIRONMENT) or localkeys.get(
        "ledger_signing_key", settings.PRODUCTION
    )
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(encoded))


def public_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def public_key(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text))


def fingerprint(text: str) -> str:
    """A short, comparable name of a public key: SHA-256 of its 32 bytes, first 16 hex digits."""
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        return "?"
    return hashlib.sha256(raw).hexdigest()[:16]


def sign(data: bytes) -> str:
    return base64.b64encode(private_key().sign(data)).decode()


def valid(key_text: str, signature: str, data: bytes) -> bool:
    try:
        public_key(key_text).verify(base64.b64decode(signature), data)
    except (InvalidSignature, ValueError):
        return False
    return True
