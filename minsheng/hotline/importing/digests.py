"""Finding the rows of a file that the database holds already, by their content digest.

Every imported case keeps the digest of the file row it was last imported from
(``hotline_case.import_digest``: a keyed BLAKE2 of the row's cells under the file's header). A
row whose number and digest match a case is the same row imported again: it would change
nothing, so a re-import counts it as unchanged without preparing it (``rows.Preparer``).
"""

from __future__ import annotations

from typing import Any

from django.db import connection

# The digests of the cases of these numbers: one look-up in the numbers' unique index each
# (a join with the pairs would make the planner read the whole table for each batch).
DIGESTS = "SELECT number, import_digest FROM hotline_case WHERE number = ANY(%s)"


def _held(cursor: Any, numbers: list[str], digests: list[str]) -> set[str]:
    """The numbers among ``numbers`` whose case holds the digest at the same position."""
    cursor.execute(DIGESTS, [numbers])
    stored = dict(cursor.fetchall())
    return {
        number
        for number, digest in zip(numbers, digests, strict=True)
        if stored.get(number) == digest
    }


def held_here(numbers: list[str], digests: list[str]) -> set[str]:
    """On the connection of this process (an import prepared in-process)."""
    with connection.cursor() as cursor:
        return _held(cursor, numbers, digests)


class HeldOnOwnConnection:
    """On a connection of its own: for the process that prepares rows, which must leave the
    connection it inherited to its parent. Opened on first use, closed by :meth:`close`."""

    def __init__(self) -> None:
        self._connection: Any = None

    def __call__(self, numbers: list[str], digests: list[str]) -> set[str]:
        if self._connection is None:
            self._connection = connection.get_new_connection(connection.get_connection_params())
            self._connection.autocommit = True  # each look-up sees what is committed
        with self._connection.cursor() as cursor:
            return _held(cursor, numbers, digests)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
