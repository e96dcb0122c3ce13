"""Acting as the owner for the few things only the owner does: migrations, test databases,
emptying a test database between tests."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from minsheng.core.database import ROLE_FIELDS, privileges


def owner_fields() -> dict[str, Any]:
    owner = getattr(settings, "MIGRATION_DATABASE", {})
    return {field: owner[field] for field in ROLE_FIELDS if field in owner}


# While a connection acts as the owner: the application's fields it will return to.
_SWAPPED: dict[str, dict[str, Any]] = {}


def application_role(connection: BaseDatabaseWrapper) -> str:
    """The role the application uses on ``connection``, even while it acts as the owner."""
    fields = _SWAPPED.get(connection.alias, connection.settings_dict)
    return str(fields.get("USER") or "")


def separate(connection: BaseDatabaseWrapper) -> bool:
    """True when the owner is another role than the one ``connection`` uses."""
    owner = owner_fields()
    return bool(owner) and owner.get("USER") != connection.settings_dict.get("USER")


@contextmanager
def as_owner(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Reconnect ``connection`` as the owner of the database for the duration of the block.

    Nested use, or a connection already in a transaction, keeps the connection as it is.
    """
    if not separate(connection) or connection.in_atomic_block:
        yield
        return
    application = {
        field: copy.deepcopy(connection.settings_dict.get(field)) for field in ROLE_FIELDS
    }
    connection.close()
    connection.settings_dict.update(copy.deepcopy(owner_fields()))
    _SWAPPED[connection.alias] = application
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(application)
        del _SWAPPED[connection.alias]


def secure_schema(connection: BaseDatabaseWrapper) -> None:
    """Give the application's role its privileges; run as the owner after migrating."""
    application = application_role(connection)
    owner = str(connection.settings_dict.get("USER") or "")
    if not application or not owner or application == owner:
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        privileges.secure(cursor, owner=owner, application=application)
