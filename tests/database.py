"""Connections to the test database as each of its roles, outside Django's own connection.

The tests run as the application's role, like the platform. Some need the owner: to do what
only the owner can (switch a table's triggers off to simulate tampering) or to show that a
guard holds even for the owner.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection


def _params(fields: dict[str, Any]) -> dict[str, Any]:
    connection.ensure_connection()  # the embedded server's socket is known from here on
    own = connection.settings_dict
    return {
        "dbname": own["NAME"],
        "user": fields.get("USER") or own["USER"],
        "password": fields.get("PASSWORD") or None,
        "host": fields.get("HOST") or own["HOST"],
        "port": fields.get("PORT") or own["PORT"] or None,
    }


@contextmanager
def owner_connection() -> Iterator[psycopg.Connection[Any]]:
    """The owner of the test database, in autocommit mode."""
    with psycopg.connect(**_params(settings.MIGRATION_DATABASE), autocommit=True) as owner:
        yield owner


@contextmanager
def application_connection() -> Iterator[psycopg.Connection[Any]]:
    """A fresh connection as the application's role, in autocommit mode."""
    with psycopg.connect(**_params(connection.settings_dict), autocommit=True) as application:
        yield application


def as_owner(statements: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """Run ``statements`` as the owner in one committed transaction; the last result's rows."""
    with owner_connection() as owner, owner.transaction():
        cursor = owner.execute(statements, params)
        return cursor.fetchall() if cursor.description else []


@contextmanager
def tampering(*tables: str) -> Iterator[psycopg.Connection[Any]]:
    """The owner with every trigger of ``tables`` switched off, as a superuser or the owner
    could do to rewrite history behind the application's back; switched on again after."""
    with owner_connection() as owner, owner.transaction():
        for table in tables:
            owner.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        yield owner
        owner.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending events on the tables
        for table in tables:
            owner.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def assert_append_only(model: Any, pk: int, column: str) -> None:
    """Neither the application's role (no privilege) nor the owner (the trigger) may rewrite or
    delete the row. Run from a test that commits (``django_db(transaction=True)``)."""
    import pytest
    from django.db import DatabaseError, transaction

    rows = model.objects.filter(pk=pk)
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        rows.update(**{column: "rewritten"})
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        rows.delete()
    table = model._meta.db_table
    for statement in (
        f"UPDATE {table} SET {column} = 'x' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with pytest.raises(psycopg.Error, match="append-only"):
            as_owner(statement, [pk])
