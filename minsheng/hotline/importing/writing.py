"""Writing prepared rows to PostgreSQL, one transaction per batch.

New case numbers (most rows of a first import) are copied straight into ``hotline_case`` with
ids drawn from its sequence, their history rows straight into ``hotline_caseevent``: COPY is the
fastest way into PostgreSQL. Numbers already present go through a temporary table and one
``INSERT … ON CONFLICT (number) DO UPDATE`` that skips rows whose digest is unchanged (the same
file row imported again). Every constraint, trigger and foreign key applies to both ways.

If PostgreSQL refuses a batch (a number inserted meanwhile by someone else, a unit deleted
during the import …), the batch is rolled back and written again row by row, each in a
savepoint with the constraints checked at once, so a refused row is rejected alone and nothing
is half-applied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from minsheng.audit.actions import record as audit
from minsheng.cases.casefile import RowError
from minsheng.hotline.importing.rows import CASE_COLUMNS, Row

COLUMNS = ", ".join(CASE_COLUMNS)
# On update these keep their values: they belong to this platform, not to the source file.
KEPT_ON_UPDATE = {"number", "created_at", "source", "excluded", "exclusion_reason"}
# A masked name or phone (an exported file) keeps the clear value the case holds.
KEEP_CLEAR = {
    "caller_name": "EXCLUDED.caller_name = '' AND EXCLUDED.caller_name_masked <> ''",
    "caller_phone": "EXCLUDED.caller_phone = '' AND EXCLUDED.caller_phone_masked <> ''",
    "caller_phone_hash": "EXCLUDED.caller_phone = '' AND EXCLUDED.caller_phone_masked <> ''",
}


def _assignment(column: str) -> str:
    if column in KEEP_CLEAR:
        return (
            f"{column} = CASE WHEN {KEEP_CLEAR[column]} THEN hotline_case.{column} "
            f"ELSE EXCLUDED.{column} END"
        )
    return f"{column} = EXCLUDED.{column}"


UPSERT = (
    f"INSERT INTO hotline_case ({COLUMNS}) SELECT {COLUMNS} FROM hotline_import_stage "
    "ON CONFLICT (number) DO UPDATE SET "
    + ", ".join(_assignment(c) for c in CASE_COLUMNS if c not in KEPT_ON_UPDATE)
    + " WHERE hotline_case.import_digest IS DISTINCT FROM EXCLUDED.import_digest "
    "RETURNING id, number, (xmax = 0)"
)
STAGE = (
    "CREATE TEMP TABLE IF NOT EXISTS hotline_import_stage ON COMMIT DELETE ROWS AS "
    f"SELECT {COLUMNS} FROM hotline_case WITH NO DATA"
)
EVENT_COLUMNS = "case_id, kind, at, from_status, to_status, note, data"
IMPORT_NOTE = "import"


@dataclass
class Written:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    events: int = 0

    def add(self, other: Written) -> None:
        self.imported += other.imported
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.events += other.events


class BatchWriter:
    """Applies batches of rows; rows PostgreSQL refuses are handed to ``reject``."""

    def __init__(
        self, *, now: str, source: str, actor: Any, reject: Callable[[RowError], None]
    ) -> None:
        self.now = now
        self.source = source
        self.actor = actor
        self.reject = reject

    def write(
        self, rows: list[Row], *, unchanged: int = 0, span: tuple[int, int] | None = None
    ) -> Written:
        """Apply ``rows``; ``unchanged`` more rows (known unchanged by their digest, not
        prepared) are counted with them. ``span``: the batch's first and last line."""
        if not rows and not unchanged:
            return Written()
        span = span or (rows[0].line, rows[-1].line)
        if not rows:
            written = Written(unchanged=unchanged)
            with transaction.atomic():
                self._audit(span, written)
            return written
        try:
            with transaction.atomic():
                written = self._apply(rows)
                written.unchanged += unchanged
                self._audit(span, written)
        except DatabaseError:
            written = self._one_by_one(rows, unchanged, span)
        return written

    def _one_by_one(self, rows: list[Row], unchanged: int, span: tuple[int, int]) -> Written:
        total = Written(unchanged=unchanged)
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Deferred foreign keys would otherwise fail the whole batch at commit.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for row in rows:
                try:
                    with transaction.atomic():
                        total.add(self._apply([row]))
                except DatabaseError as error:
                    reason = str(error).splitlines()[0]
                    self.reject(
                        RowError(
                            line=row.line,
                            number=row.number,
                            reason=_("Refused by the database: %(reason)s") % {"reason": reason},
                        )
                    )
            self._audit(span, total)
        return total

    def _audit(self, span: tuple[int, int], written: Written) -> None:
        audit(
            action="hotline.import_batch",
            target=None,
            actor=self.actor,
            after={
                "file": self.source,
                "lines": list(span),
                "imported": written.imported,
                "updated": written.updated,
                "unchanged": written.unchanged,
            },
        )

    def _apply(self, rows: list[Row]) -> Written:
        # The raw psycopg cursor (for COPY) raises psycopg's errors: Django's wrapper maps them.
        with connection.wrap_database_errors, connection.cursor() as cursor:
            raw = cursor.cursor
            # Times without an offset in the rows are Beijing time (see rows.Preparer._times).
            # The session's zone is put back afterwards: Django reads times in it, and the
            # caller's transaction may go on (on an error, the rollback puts it back).
            raw.execute("SELECT current_setting('TimeZone')")
            (zone,) = raw.fetchone()
            raw.execute("SET LOCAL TimeZone TO 'Asia/Shanghai'")
            raw.execute(
                "SELECT number FROM hotline_case WHERE number = ANY(%s)", [[r.number for r in rows]]
            )
            existing = {number for (number,) in raw.fetchall()}
            new = [r for r in rows if r.number not in existing]
            known = [r for r in rows if r.number in existing]
            written = Written()
            if new:
                written.add(self._insert(raw, new))
            if known:
                written.add(self._upsert(raw, known))
            raw.execute("SELECT set_config('TimeZone', %s, true)", [zone])
        return written

    def _insert(self, raw: Any, rows: list[Row]) -> Written:
        """New numbers: COPY the cases with ids from the sequence, then their history rows."""
        raw.execute(
            "SELECT nextval(pg_get_serial_sequence('hotline_case', 'id')) "
            "FROM generate_series(1, %s)",
            [len(rows)],
        )
        ids = [pk for (pk,) in raw.fetchall()]
        with raw.copy(f"COPY hotline_case (id, {COLUMNS}) FROM STDIN") as copy:
            copy.write("".join(f"{pk}\t{row.case}\n" for pk, row in zip(ids, rows, strict=True)))
        self._history(raw, list(zip(ids, rows, strict=True)))
        self._cooperating(
            raw, [(pk, row) for pk, row in zip(ids, rows, strict=True) if row.cooperating]
        )
        return Written(imported=len(rows), events=len(rows))

    def _upsert(self, raw: Any, rows: list[Row]) -> Written:
        """Numbers already present: update those whose file row changed, skip the others."""
        raw.execute("SET LOCAL minsheng.hotline_sync = 'on'")  # a file may jump several steps
        raw.execute(STAGE)
        raw.execute("TRUNCATE hotline_import_stage")  # within an outer transaction too
        with raw.copy(f"COPY hotline_import_stage ({COLUMNS}) FROM STDIN") as copy:
            copy.write("".join(f"{row.case}\n" for row in rows))
        raw.execute(UPSERT)
        by_number = {row.number: row for row in rows}
        changed = [(pk, by_number[number], inserted) for pk, number, inserted in raw.fetchall()]
        updated = [pk for pk, _, inserted in changed if not inserted]
        if updated:
            raw.execute("DELETE FROM hotline_cohandler WHERE case_id = ANY(%s)", [updated])
        self._history(raw, [(pk, row) for pk, row, _ in changed])
        self._cooperating(raw, [(pk, row) for pk, row, _ in changed if row.cooperating])
        # The caller's transaction may go on: its status moves are checked again from here.
        raw.execute("SELECT set_config('minsheng.hotline_sync', 'off', true)")
        inserted = len(changed) - len(updated)
        return Written(
            imported=inserted,
            updated=len(updated),
            unchanged=len(rows) - len(changed),
            events=len(changed),
        )

    def _history(self, raw: Any, rows: list[tuple[int, Row]]) -> None:
        if not rows:
            return
        with raw.copy(f"COPY hotline_caseevent ({EVENT_COLUMNS}) FROM STDIN") as copy:
            copy.write(
                "".join(
                    f"{pk}\timported\t{self.now}\t\t{row.status}\t{IMPORT_NOTE}\t{row.history}\n"
                    for pk, row in rows
                )
            )

    def _cooperating(self, raw: Any, rows: list[tuple[int, Row]]) -> None:
        if not rows:
            return
        with raw.copy(
            "COPY hotline_cohandler (case_id, organisation_id, added_at) FROM STDIN"
        ) as copy:
            for pk, row in rows:
                received = row.case.split("\t", 2)[1]  # the second column: received_at
                for unit_id in row.cooperating:
                    copy.write(f"{pk}\t{unit_id}\t{received}\n")
