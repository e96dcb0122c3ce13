"""The importer's encryption makes tokens the platform reads like its own."""

from __future__ import annotations

import base64

import pytest
from cryptography.fernet import Fernet
from hypothesis import given
from hypothesis import strategies as st

from minsheng.core import crypto
from minsheng.hotline.importing.sealing import Sealer


@given(st.text(max_size=80))
def test_every_sealed_text_decrypts_with_the_platform_keys(text):
    assert crypto.decrypt(Sealer().seal(text)) == text


def test_tokens_are_fernet_tokens_with_their_own_iv():
    sealer = Sealer()
    tokens = [base64.urlsafe_b64decode(sealer.seal("13812345678")) for _ in range(300)]
    assert all(token[0] == 0x80 for token in tokens)
    assert len({token[9:25] for token in tokens}) == 300  # the IVs differ


def test_a_foreign_key_is_caught_before_anything_is_written():
    with pytest.raises(ValueError):
        Sealer(Fernet.generate_key().decode()).check()
