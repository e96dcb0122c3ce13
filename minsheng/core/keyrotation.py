"""Encryption key rotation: personal data encrypted again under the newest key.

``MINSHENG_ENCRYPTION_KEY`` is a comma-separated list of keys: the first encrypts, all of them
decrypt. To rotate, put a new key first and run ``minsheng rotate-encryption-key``: every
encrypted column of every model is read in batches (by primary key, each batch in its own
transaction with its rows locked), and each value that is not yet under the first key is
encrypted again with it. When the command finds nothing left to do, the old key can be dropped
from the list. Keyed hashes (look-ups, uniqueness) use their own key and do not change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction

from minsheng.audit.actions import record
from minsheng.core import crypto
from minsheng.core.fields import EncryptedTextField

BATCH_SIZE = 1000


@dataclass(frozen=True)
class EncryptedColumns:
    """One table's encrypted columns."""

    model: type[models.Model]
    columns: tuple[str, ...]

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def label(self) -> str:
        return self.model._meta.label


@dataclass
class Rotated:
    """What one table's rotation did: values read and values encrypted again."""

    label: str
    values: int = 0
    reencrypted: int = 0


def encrypted_columns() -> list[EncryptedColumns]:
    """Every concrete model's encrypted columns (found by field type, so new ones are included)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = tuple(
            _column_of(field)
            for field in model._meta.local_fields
            if isinstance(field, EncryptedTextField)
        )
        if columns:
            found.append(EncryptedColumns(model, columns))
    return found


def rotate_all(
    *,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[EncryptedColumns, int], None] = lambda table, rows: None,
) -> list[Rotated]:
    """Rotate every encrypted column; each table's result is audited as one entry."""
    results = []
    for table in encrypted_columns():
        result = Rotated(table.label)
        for values, reencrypted in _rotate_batches(table, batch_size):
            result.values += values
            result.reencrypted += reencrypted
            on_batch(table, values)
        with transaction.atomic():
            record(
                action="core.rotate_encryption_key",
                target=None,
                after={
                    "table": table.label,
                    "values": result.values,
                    "reencrypted": result.reencrypted,
                },
            )
        results.append(result)
    return results


def _rotate_batches(table: EncryptedColumns, batch_size: int) -> Iterator[tuple[int, int]]:
    """Yield (values read, values encrypted again) per batch of rows, each batch committed."""
    last_pk = None
    while True:
        with transaction.atomic():
            rows = _locked_batch(table, last_pk, batch_size)
            if not rows:
                return
            changes = [_rotated_row(row) for row in rows]
            _write(table, [change for change in changes if change is not None])
        last_pk = rows[-1][0]
        values = sum(1 for row in rows for value in row[1:] if value)
        yield values, sum(_count_new(change) for change in changes)


def _column_of(field: models.Field) -> str:
    # A concrete field always has its column; the type allows None for the others.
    return field.column or field.attname


def _pk_column(table: EncryptedColumns) -> str:
    return connection.ops.quote_name(_column_of(table.model._meta.pk))


def _locked_batch(table: EncryptedColumns, after_pk: Any, size: int) -> list[tuple]:
    quote = connection.ops.quote_name
    pk = _pk_column(table)
    columns = ", ".join(quote(column) for column in table.columns)
    where = f"WHERE {pk} > %s" if after_pk is not None else ""
    sql = (
        f"SELECT {pk}, {columns} FROM {quote(table.table)} {where} "
        f"ORDER BY {pk} LIMIT %s FOR UPDATE"
    )
    params: list[Any] = [after_pk, size] if after_pk is not None else [size]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _rotated_row(row: tuple) -> tuple | None:
    """(pk, new value or None per column), or None when the row is already under the first key."""
    new_values = [
        crypto.reencrypt(value) if value and not crypto.under_first_key(value) else None
        for value in row[1:]
    ]
    if all(value is None for value in new_values):
        return None
    return (row[0], *new_values)


def _count_new(change: tuple | None) -> int:
    return 0 if change is None else sum(1 for value in change[1:] if value is not None)


def _write(table: EncryptedColumns, changes: list[tuple]) -> None:
    if not changes:
        return
    quote = connection.ops.quote_name
    # COALESCE keeps a column that needed nothing as it is.
    assignments = ", ".join(
        f"{quote(column)} = COALESCE(%s, {quote(column)})" for column in table.columns
    )
    sql = f"UPDATE {quote(table.table)} SET {assignments} WHERE {_pk_column(table)} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*change[1:], change[0]) for change in changes])
