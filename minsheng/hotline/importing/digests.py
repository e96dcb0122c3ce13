"""Finding the rows of a file that the database holds already, by their content digest.

Every imported case keeps the digest of the file row it was last imported from
(``hotline_case.import_digest``: a keyed BLAKE2 of the row's cells under the file's header). A
row whose number and digest match a case is the same row imported again: it would change
nothing, so a re-import counts it as unchanged without preparing it (``rows.Preparer``).
"""

from __future__ import annotations

from typing import Any

from django.db import connection

# The numbers, among the given ones, whose case holds the digest given with the number. Both
# lists travel as one text each and the answer as one text: a re-import asks this for every row
# of the file, and converting thousands of values one by one would cost more than the look-ups.
# The cases are found by the numbers' unique index (the pairs alone, joined to the table, would
# let the planner read the whole table).
HELD = """
SELECT coalesce(string_agg(c.number, E'\\x1f'), '')
FROM hotline_case c
JOIN unnest(string_to_array(%(numbers)s, E'\\x1f'), string_to_array(%(digests)s, E'\\x1f'))
     AS f(number, digest) ON f.number = c.number AND f.digest = c.import_digest
WHERE c.number = ANY(string_to_array(%(numbers)s, E'\\x1f'))
"""
SEPARATOR = "\x1f"


def _held(cursor: Any, numbers: list[str], digests: list[str]) -> set[str]:
    """The numbers among ``numbers`` whose case holds the digest at the same position (no
    number may hold the separator: ``rows.Preparer.candidates`` leaves such rows out)."""
    cursor.execute(HELD, {"numbers": SEPARATOR.join(numbers), "digests": SEPARATOR.join(digests)})
    (held,) = cursor.fetchone()
    return set(held.split(SEPARATOR)) if held else set()


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
