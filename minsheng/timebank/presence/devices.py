"""The phones' keys: ECDSA P-256 made by the browser (Web Crypto), the private half kept on the
phone. A sign made offline carries the phone's signature over the exact text it sends."""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import load_der_public_key
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _public_key(spki_base64: str) -> ec.EllipticCurvePublicKey:
    try:
        key = load_der_public_key(base64.b64decode(spki_base64.strip(), validate=True))
    except (ValueError, binascii.Error) as error:
        raise ValidationError({"public_key": _("This is not a phone key.")}) from error
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValidationError({"public_key": _("This is not a phone key.")})
    return key


def key_id_of(spki_base64: str) -> str:
    """A stable id of the key (SHA-256 of its DER bytes), checked to be a P-256 key."""
    _public_key(spki_base64)
    return hashlib.sha256(base64.b64decode(spki_base64.strip())).hexdigest()[:40]


def signature_valid(spki_base64: str, payload: str, signature_base64: str) -> bool:
    """Web Crypto signs with r and s side by side (64 bytes); ``cryptography`` wants DER."""
    try:
        raw = base64.b64decode(signature_base64, validate=True)
    except (ValueError, binascii.Error):
        return False
    if len(raw) != 64:
        return False
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        _public_key(spki_base64).verify(der, payload.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True
