"""Keys for local runs (laptop, demo, tests), generated once and kept under ``var/``.

Production never uses this file: there the keys must come from the environment, and a missing
key stops the start-up with a clear message.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

KEYS_FILE = Path(__file__).resolve().parent.parent / "var" / "local-keys.json"


def _vapid_private_key() -> str:
    """A P-256 private key for Web Push (VAPID): the raw scalar, base64url without padding."""
    from cryptography.hazmat.primitives.asymmetric import ec

    value = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
    return base64.urlsafe_b64encode(value.to_bytes(32, "big")).rstrip(b"=").decode()


GENERATORS = {
    "secret_key": lambda: secrets.token_urlsafe(50),
    "encryption_key": lambda: Fernet.generate_key().decode(),
    "ledger_signing_key": lambda: base64.b64encode(secrets.token_bytes(32)).decode(),
    "vapid_private_key": _vapid_private_key,
}
ENVIRONMENT_NAMES = {
    "secret_key": "MINSHENG_SECRET_KEY",
    "encryption_key": "MINSHENG_ENCRYPTION_KEY",
    "ledger_signing_key": "MINSHENG_LEDGER_SIGNING_KEY",
    "vapid_private_key": "MINSHENG_VAPID_PRIVATE_KEY",
}


def get(name: str, production: bool) -> str:
    if production:
        raise ImproperlyConfigured(
            f"{ENVIRONMENT_NAMES[name]} must be set in production (MINSHENG_PRODUCTION=1)."
        )
    keys = _load()
    if name not in keys:
        keys[name] = GENERATORS[name]()
        _save(keys)
    return keys[name]


def _load() -> dict[str, str]:
    try:
        return json.loads(KEYS_FILE.read_text())
    except FileNotFoundError:
        return {}


def _save(keys: dict[str, str]) -> None:
    KEYS_FILE.parent.mkdir(parents=True, exist_ok=True)
    temporary = KEYS_FILE.with_suffix(".tmp")
    temporary.write_text(json.dumps(keys, indent=2))
    os.chmod(temporary, 0o600)
    temporary.replace(KEYS_FILE)
