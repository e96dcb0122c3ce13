"""Key rotation: every encrypted value ends under the newest key, readable and findable as before."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection

from minsheng.audit.models import AuditEntry
from minsheng.core import crypto, keyrotation
from minsheng.people.models import User

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def new_key(settings):  # type: ignore[no-untyped-def]
    """Yield a function that puts a fresh key first, the old ones after it."""
    old = settings.ENCRYPTION_KEY
    key = Fernet.generate_key().decode()

    def rotate_in() -> str:
        settings.ENCRYPTION_KEY = f"{key},{old}"
        crypto.reset_caches()
        return key

    yield rotate_in
    settings.ENCRYPTION_KEY = old
    crypto.reset_caches()


def raw_tokens(user: User) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number FROM people_user WHERE id = %s", [user.pk])
        return cursor.fetchone()


def test_every_encrypted_column_is_found():
    found = {
        (table.label, column)
        for table in keyrotation.encrypted_columns()
        for column in table.columns
    }
    assert ("people.User", "phone") in found
    assert ("people.User", "id_number") in found
    assert ("hotline.Case", "caller_phone") in found


def test_rotation_leaves_every_value_under_the_new_key(cast, new_key, capsys):
    elder = User.objects.get(pk=cast.elder.pk)
    phone, id_number, phone_hash = elder.phone, elder.id_number, elder.phone_hash
    key = Fernet(new_key().encode())
    with pytest.raises(InvalidToken):
        key.decrypt(raw_tokens(elder)[0].encode())

    call_command("rotate_encryption_key", "--batch-size", "3", "--language", "en")

    for token in raw_tokens(elder):
        assert key.decrypt(token.encode())  # the new key alone opens it
    again = User.objects.get(pk=elder.pk)
    assert (again.phone, again.id_number, again.phone_hash) == (phone, id_number, phone_hash)
    entry = AuditEntry.objects.filter(action="core.rotate_encryption_key").get(
        after__table="people.User"
    )
    assert entry.after["reencrypted"] >= 2 * User.objects.count()
    assert "encrypted again" in capsys.readouterr().out


def test_a_second_run_finds_nothing_left(cast, new_key, capsys):
    new_key()
    call_command("rotate_encryption_key", "--language", "en")
    capsys.readouterr()
    call_command("rotate_encryption_key", "--language", "en")
    assert "older keys may be removed" in capsys.readouterr().out
    assert all(
        entry.after["reencrypted"] == 0
        for entry in AuditEntry.objects.filter(action="core.rotate_encryption_key").order_by("-id")[
            : len(keyrotation.encrypted_columns())
        ]
    )
