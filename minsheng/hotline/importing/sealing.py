"""Encrypting callers' names and phones for a bulk import, as ``core.crypto.encrypt`` does.

``crypto.encrypt`` builds a new cipher object for every value, which costs more than the
encryption itself: a million cases took about 25 seconds of encryption alone. A :class:`Sealer`
makes the same Fernet tokens (version, time, random IV, AES-128-CBC with PKCS7 padding,
HMAC-SHA256; https://github.com/fernet/spec) with one AES block encryptor and one HMAC key
schedule made once: CBC is computed block by block, each block XOR-ed with the previous
ciphertext block (the IV for the first) before AES encrypts it. The primitives are the
``cryptography`` package's and the standard library's; only the chaining is written here.

Tokens decrypt with ``crypto.decrypt`` (tests check it for arbitrary text) and each has its own
random IV. The first key of ``MINSHENG_ENCRYPTION_KEY`` encrypts, as in ``core.crypto``; a
probe value is decrypted by ``core.crypto`` before any is written, so a key mismatch stops the
import instead of storing tokens nobody can read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
import time

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

from minsheng.core import crypto

VERSION = b"\x80"
BLOCK = 16
IVS_AT_ONCE = 256  # random IVs are read from the system in batches
PROBE = "minsheng-sealer-probe-张三-13800000000"


class Sealer:
    """Fernet encryption with the platform's current key, for many values in a row."""

    def __init__(self, key: str | None = None) -> None:
        if key is None:
            key = next(k.strip() for k in settings.ENCRYPTION_KEY.split(",") if k.strip())
        raw = base64.urlsafe_b64decode(key.encode())
        if len(raw) != 32:
            raise ValueError("A Fernet key is 32 bytes.")
        # ECB on single blocks is the raw block cipher that CBC chains; see seal().
        self._block = Cipher(algorithms.AES(raw[16:]), modes.ECB()).encryptor()
        self._mac = hmac.new(raw[:16], digestmod=hashlib.sha256)
        self._ivs, self._next_iv = b"", 0

    def seal(self, clear: str) -> str:
        data = clear.encode()
        pad = BLOCK - len(data) % BLOCK
        data += bytes((pad,)) * pad
        if self._next_iv >= len(self._ivs):
            self._ivs, self._next_iv = os.urandom(BLOCK * IVS_AT_ONCE), 0
        iv = self._ivs[self._next_iv : self._next_iv + BLOCK]
        self._next_iv += BLOCK
        chain = int.from_bytes(iv, "big")
        blocks = []
        for start in range(0, len(data), BLOCK):
            mixed = int.from_bytes(data[start : start + BLOCK], "big") ^ chain
            block = self._block.update(mixed.to_bytes(BLOCK, "big"))
            chain = int.from_bytes(block, "big")
            blocks.append(block)
        signed = VERSION + struct.pack(">Q", int(time.time())) + iv + b"".join(blocks)
        mac = self._mac.copy()
        mac.update(signed)
        return base64.urlsafe_b64encode(signed + mac.digest()).decode()

    def check(self) -> None:
        """Refuse to start if the platform cannot read what this sealer writes."""
        if crypto.decrypt(self.seal(PROBE)) != PROBE:
            raise ValueError("Sealed values do not decrypt with the platform's keys.")
