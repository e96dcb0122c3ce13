"""Encrypting many values at once gives ordinary Fernet tokens."""

from __future__ import annotations

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

from minsheng.core import crypto

VALUES = ["张三", "13812345678", "", "x" * 16, "欧阳" * 20, "张三"]


def test_tokens_of_a_batch_decrypt_to_their_values():
    tokens = crypto.encrypt_many(VALUES)
    assert [crypto.decrypt(token) for token in tokens] == VALUES
    assert len(set(tokens)) == len(tokens)  # a fresh IV for each, also for equal values


def test_tokens_of_a_batch_are_fernet_tokens_of_the_newest_key():
    keys = [Fernet(key.strip().encode()) for key in settings.ENCRYPTION_KEY.split(",")]
    [token] = crypto.encrypt_many(["王五"])
    assert keys[0].decrypt(token.encode()).decode() == "王五"
    assert MultiFernet(keys).extract_timestamp(token.encode()) > 0


def test_a_rotated_key_encrypts_batches_with_the_new_key(settings):
    new, old = Fernet.generate_key().decode(), settings.ENCRYPTION_KEY.split(",")[0]
    settings.ENCRYPTION_KEY = f"{new},{old}"
    crypto.reset_caches()
    try:
        [token] = crypto.encrypt_many(["李四"])
        assert Fernet(new.encode()).decrypt(token.encode()) == "李四".encode()
    finally:
        settings.ENCRYPTION_KEY = old
        crypto.reset_caches()


def test_an_empty_batch_encrypts_nothing():
    assert crypto.encrypt_many([]) == []


def test_a_token_is_known_to_be_under_the_newest_key_by_its_signature(settings):
    old = settings.ENCRYPTION_KEY.split(",")[0]
    under_old = crypto.encrypt("赵六")
    settings.ENCRYPTION_KEY = f"{Fernet.generate_key().decode()},{old}"
    crypto.reset_caches()
    try:
        under_new = crypto.encrypt("赵六")
        assert crypto.under_first_key(under_new)
        assert not crypto.under_first_key(under_old)
        tampered = under_new[:-6] + ("A" if under_new[-6] != "A" else "B") + under_new[-5:]
        assert not crypto.under_first_key(tampered)
        assert not crypto.under_first_key("not a token")
        assert not crypto.under_first_key("")
        assert crypto.under_first_key(crypto.reencrypt(under_old))
    finally:
        settings.ENCRYPTION_KEY = old
        crypto.reset_caches()
