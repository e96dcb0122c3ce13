"""Door cards and signs at the door, on top of the Time Bank's test world."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from minsheng.timebank.presence import actions, tokens


@pytest.fixture
def door(tb):
    """The elder's door card (no position: no fence)."""
    return actions.issue_card(actor=tb.cast.station_operator, elder=tb.cast.elder)


@pytest.fixture
def scanned(door) -> str:
    """The text the phone reads from the elder's door code."""
    return tokens.token_for(door.code)


class Phone:
    """A volunteer's phone as the app makes it: a P-256 key pair, signing like Web Crypto."""

    def __init__(self, owner: Any) -> None:
        self.owner = owner
        self.key = ec.generate_private_key(ec.SECP256R1())
        spki = self.key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.public_key = base64.b64encode(spki).decode()
        self.device = actions.register_device(actor=owner, public_key=self.public_key)

    def sign(self, text: str) -> str:
        der = self.key.sign(text.encode(), ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        return base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode()

    def queued(self, order: Any, kind: str, at: Any, token: str = "", **extra: Any) -> dict:
        payload = json.dumps(
            {
                "client_id": extra.pop("client_id", str(uuid.uuid4())),
                "order": order.pk,
                "kind": kind,
                "token": token,
                "at": at.isoformat(),
                "offline": True,
                **extra,
            }
        )
        return {"payload": payload, "key_id": self.device.key_id, "signature": self.sign(payload)}


@pytest.fixture
def phone(tb) -> Phone:
    return Phone(tb.cast.volunteer)
