"""Encryption at rest and keyed hashes for personal data.

``MINSHENG_ENCRYPTION_KEY`` may hold several Fernet keys separated by commas, newest first: new
values are encrypted with the first, old values still decrypt with the others (key rotation).
Keyed hashes let the database enforce uniqueness and find a person by ID number or phone without
ever storing the clear value; their key is ``MINSHENG_HASH_KEY`` or, by default, derived from the
secret key so that rotating encryption keys does not change any hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
from functools import cache

import numpy as np
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
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


def encrypt_many(values: list[str]) -> list[str]:
    """``encrypt`` for many values at once: the same Fernet tokens (AES-128-CBC, a fresh random
    IV each, HMAC-SHA256), with the block cipher run once per block position over the whole
    batch instead of once per value. A bulk import encrypts hundreds of thousands of names and
    phones: per value, Fernet's set-up costs more than the encryption itself."""
    if not values:
        return []
    signing_key, encryption_key = _first_key()
    # The cipher of a block chain, one block position at a time: block j of every value is
    # AES(plain_j XOR cipher_{j-1}) with cipher_{-1} the IV, which is what CBC computes.
    block_cipher = Cipher(algorithms.AES(encryption_key), modes.ECB()).encryptor()
    padded = [_pkcs7(value.encode()) for value in values]
    random = os.urandom(16 * len(values))
    ivs = np.frombuffer(random, dtype=np.uint8).reshape(-1, 16)
    ciphertexts: list[bytes] = [b""] * len(values)
    by_length: dict[int, list[int]] = {}
    for index, data in enumerate(padded):
        by_length.setdefault(len(data), []).append(index)
    for length, indexes in by_length.items():
        plain = np.frombuffer(b"".join(padded[i] for i in indexes), dtype=np.uint8)
        plain = plain.reshape(len(indexes), length // 16, 16)
        chained = ivs[indexes]
        blocks = []
        for position in range(length // 16):
            mixed = np.bitwise_xor(plain[:, position], chained)
            chained = np.frombuffer(block_cipher.update(mixed.tobytes()), dtype=np.uint8)
            chained = chained.reshape(-1, 16)
            blocks.append(chained)
        joined = (np.concatenate(blocks, axis=1) if len(blocks) > 1 else blocks[0]).tobytes()
        for order, index in enumerate(indexes):
            ciphertexts[index] = joined[order * length : (order + 1) * length]
    stamp = b"\x80" + int(time.time()).to_bytes(8, "big")
    tokens = []
    for index, ciphertext in enumerate(ciphertexts):
        body = stamp + random[16 * index : 16 * index + 16] + ciphertext
        signature = hmac.digest(signing_key, body, "sha256")
        tokens.append(base64.urlsafe_b64encode(body + signature).decode())
    return tokens


def _pkcs7(data: bytes) -> bytes:
    count = 16 - len(data) % 16
    return data + bytes((count,)) * count


@cache
def _first_key() -> tuple[bytes, bytes]:
    """The signing and encryption halves of the newest key (the one ``encrypt`` uses)."""
    first = next(key.strip() for key in settings.ENCRYPTION_KEY.split(",") if key.strip())
    raw = base64.urlsafe_b64decode(first.encode())
    return raw[:16], raw[16:]


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("Personal data cannot be decrypted with the configured keys.") from error


def under_first_key(token: str) -> bool:
    """Whether ``token`` was encrypted with the newest key (nothing to do for key rotation).

    A Fernet token ends with the HMAC-SHA256 of all that precedes it under the key's signing
    half: checking it tells the key apart without decrypting the value."""
    signing_key, _encryption_key = _first_key()
    try:
        raw = base64.urlsafe_b64decode(token.encode())
    except ValueError:
        return False
    if len(raw) < FERNET_OVERHEAD or raw[0] != FERNET_VERSION:
        return False
    expected = hmac.digest(signing_key, raw[:-32], "sha256")
    return hmac.compare_digest(expected, raw[-32:])


# A Fernet token: version (1 byte), time (8), IV (16), ciphertext (16 or more), HMAC (32).
FERNET_VERSION = 0x80
FERNET_OVERHEAD = 1 + 8 + 16 + 16 + 32


def reencrypt(token: str) -> str:
    """``token`` encrypted again with the newest key (it may be under any configured key)."""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("Personal data cannot be decrypted with the configured keys.") from error


def keyed_hash(value: str, purpose: str) -> str:
    """A stable pseudonym for ``value``; ``purpose`` keeps hashes of different kinds apart."""
    message = f"{purpose}:{value}".encode()
    # hmac.digest: the same HMAC-SHA256 as hmac.new(…).hexdigest(), computed in one C call.
    return hmac.digest(_hash_key(), message, "sha256").hex()


def reset_caches() -> None:
    """For tests that change keys."""
    _fernet.cache_clear()
    _first_key.cache_clear()
    _hash_key.cache_clear()
