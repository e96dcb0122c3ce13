"""Posting to the ledger: the only code that writes transactions and legs.

One call posts several movements in one database transaction, with one statement: the
database function ``timebank_post`` (migration ``0010_posting_function``)

1. claims each movement's idempotency key (``INSERT ... ON CONFLICT DO NOTHING``): a key that is
   already taken means the movement was posted before (with the same details, or it is
   refused), and the first result is returned;
2. locks every account involved, in primary-key order, so that concurrent postings queue up
   instead of deadlocking and no update is lost;
3. checks the balances (refusals come back here as clear messages for the person), inserts the
   legs and moves the cached balances; the function runs as the owner and is the only writer of
   transactions and legs (migration ``0014_posting_by_the_database``), and the seal checks each
   transaction's sum and links the commit's transactions into the hash chain at commit.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.pq import TransactionStatus

from minsheng.timebank.errors import IdempotencyConflict, InsufficientBalance
from minsheng.timebank.models import Account, Transaction
from minsheng.timebank.units import describe_minutes


@dataclass(frozen=True)
class Movement:
    """``minutes`` leave ``debit`` and arrive in ``credit``, as one ledger transaction."""

    kind: str
    key: str
    debit: Account
    credit: Account
    minutes: int
    memo: str = ""
    region_id: int | None = None
    order_id: int | None = None
    grant_id: int | None = None
    transfer_id: int | None = None
    attendance_id: int | None = None
    reverses_id: int | None = None
    # When it happened, if not now (imports and generated histories).
    at: dt.datetime | None = None

    def __post_init__(self) -> None:
        if isinstance(self.minutes, bool) or not isinstance(self.minutes, int):
            raise TypeError("Ledger amounts are whole minutes.")
        if self.minutes <= 0:
            raise ValueError("A ledger movement moves a positive number of minutes.")
        if self.debit.pk == self.credit.pk:
            raise ValueError("A movement needs two different accounts.")
        if not self.key:
            raise ValueError("Every posting carries an idempotency key.")


def post(
    movements: Sequence[Movement],
    *,
    authorised_by: Any = None,
    at: dt.datetime | None = None,
) -> list[Transaction]:
    """Post ``movements`` atomically; returns their transactions (earlier ones on a retry).

    One statement: the database function ``timebank_post`` (migration
    ``0010_posting_function``) claims the keys, locks the accounts, checks the balances and
    inserts the legs. Outside a transaction that statement is a transaction of its own, sent
    with its commit and the wait for durability in one round trip; inside one, the wait
    follows the caller's commit.
    """
    if not movements:
        return []
    posted_at = at or timezone.now()
    authoriser_id = authorised_by.pk if authorised_by is not None else None
    arguments = _arguments(movements, posted_at, authoriser_id)
    rows = _post_inside(arguments) if connection.in_atomic_block else _post_and_wait(arguments)
    earlier = _earlier([key for key, _pk, fresh in rows if not fresh])
    return [
        _built(movement, pk, movement.at or posted_at, authoriser_id) if fresh else earlier[key]
        for movement, (key, pk, fresh) in zip(movements, rows, strict=True)
    ]


POST = "SELECT key, transaction_id, fresh FROM timebank_post(%s::jsonb, %s::bigint)"


def _post_inside(arguments: list[Any]) -> list[tuple[str, int, bool]]:
    """Post within the caller's transaction; wait for durability once it commits."""
    # A refusal spoils the caller's atomic block, as any failed statement would.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        try:
            cursor.execute(POST, arguments)
        except DatabaseError as error:
            raise _refusal(error) from error
        rows = cursor.fetchall()
        _wait_after_commit()
    return rows


def _post_and_wait(arguments: list[Any]) -> list[tuple[str, int, bool]]:
    """Post as a database transaction of its own and wait until it is durable, in one round
    trip: the posting, its commit and the wait travel as one query string (the cursor binds
    the parameters itself, so several statements may be sent together)."""
    with connection.cursor() as cursor:
        wait, wait_arguments = _durability_wait()
        try:
            cursor.execute(f"BEGIN; {POST}; COMMIT; {wait}", arguments + wait_arguments)
        except DatabaseError as error:
            _close_failed_block(cursor)
            raise _refusal(error) from error
        return _rows_of_the_posting(cursor.cursor)


def _close_failed_block(cursor: Any) -> None:
    """A statement that failed after BEGIN left the block open and aborted: roll it back
    (unless the connection itself was lost)."""
    raw = connection.connection
    if raw is not None and not raw.closed and raw.info.transaction_status == INERROR:
        cursor.execute("ROLLBACK")


def _rows_of_the_posting(cursor: Any) -> list[tuple[str, int, bool]]:
    """The posting's result among the results of BEGIN, the posting, COMMIT and the wait."""
    while cursor.description is None or cursor.description[0].name != "key":
        if not cursor.nextset():
            raise DatabaseError("The posting returned no rows.")
    return cursor.fetchall()


def _wait_until_durable() -> None:
    """Return once every commit so far is on disk (or applied by the standby at
    ``LEDGER_SYNCHRONOUS_COMMIT``).

    The posting's transaction commits without waiting for the disk, so that the chain heads it
    locked are free at once (migration ``0010_posting_function``). A transaction that writes
    WAL (here a one-record transactional message, the smallest write there is), committed
    synchronously, flushes the WAL up to its commit record, and so every record before it;
    concurrent postings share that flush. (A transaction that only takes an id writes nothing
    and would not wait.)
    """
    with connection.cursor() as cursor:
        cursor.execute(*_durability_wait())


def _durability_wait() -> tuple[str, list[str]]:
    """The statement that waits, and its parameters: at ``LEDGER_SYNCHRONOUS_COMMIT`` (checked
    by the settings), else at the server's own level."""
    level = settings.LEDGER_SYNCHRONOUS_COMMIT
    if not level:
        return f"SELECT {DURABLE}", []
    return f"SELECT set_config('synchronous_commit', %s, true), {DURABLE}", [level]


DURABLE = "pg_logical_emit_message(true, 'minsheng.ledger', 'durable')"
INERROR = TransactionStatus.INERROR


def _wait_after_commit() -> None:
    """Wait for durability once the caller's atomic block commits (once per transaction)."""
    pending = (entry[1] for entry in connection.run_on_commit)  # (savepoints, call, robust)
    if _wait_until_durable not in pending:
        transaction.on_commit(_wait_until_durable)


def _arguments(
    movements: Sequence[Movement], posted_at: dt.datetime, authoriser_id: int | None
) -> list[Any]:
    """The function's arguments: the movements as one JSON array of arrays, in the column order
    ``timebank_post`` reads them, and who authorised them."""
    rows = [
        [
            m.kind,
            m.key,
            (m.at or posted_at).isoformat(),
            m.memo[:300],
            m.region_id,
            m.order_id,
            m.grant_id,
            m.transfer_id,
            m.attendance_id,
            m.reverses_id,
            m.debit.pk,
            m.credit.pk,
            m.minutes,
        ]
        for m in movements
    ]
    return [json.dumps(rows, ensure_ascii=False), authoriser_id]


def _refusal(error: DatabaseError) -> Exception:
    """The function's own refusals as the messages people read; other errors as they are."""
    cause = error.__cause__
    state = getattr(cause, "sqlstate", None)
    if state == SHORT_OF_TIME:
        needed, available = (int(part) for part in cause.diag.message_detail.split())  # type: ignore[union-attr]
        return InsufficientBalance(
            _("Not enough time in the account: %(needed)s needed, %(available)s available.")
            % {"needed": describe_minutes(needed), "available": describe_minutes(available)}
        )
    if state == ISSUER_OVERDRAWN:
        return InsufficientBalance(_("An issuer cannot take back more than it issued."))
    if state == KEY_REUSED:
        return IdempotencyConflict(
            _("This request was already made with different details; nothing was posted.")
        )
    return error


# The SQLSTATEs ``timebank_post`` raises.
SHORT_OF_TIME, ISSUER_OVERDRAWN, KEY_REUSED = "TB001", "TB002", "TB003"


def _earlier(keys: Sequence[str]) -> dict[str, Transaction]:
    """The transactions posted before under ``keys`` (the database checked they match)."""
    if not keys:
        return {}
    return {
        tx.idempotency_key: tx
        for tx in Transaction.objects.filter(idempotency_key__in=keys).prefetch_related("legs")
    }


def _built(
    movement: Movement, pk: int, posted_at: dt.datetime, authoriser_id: int | None
) -> Transaction:
    return Transaction(
        pk=pk,
        kind=movement.kind,
        idempotency_key=movement.key,
        posted_at=posted_at,
        memo=movement.memo[:300],
        authorised_by_id=authoriser_id,
        region_id=movement.region_id,
        order_id=movement.order_id,
        grant_id=movement.grant_id,
        transfer_id=movement.transfer_id,
        attendance_id=movement.attendance_id,
        reverses_id=movement.reverses_id,
    )


def lock(accounts: Sequence[Account]) -> dict[int, Account]:
    """Lock ``accounts`` in primary-key order and return them with their current balances.

    For business code that must decide amounts from balances (caps) before posting; the
    posting itself then finds the locks already held.
    """
    ids = sorted({account.pk for account in accounts})
    rows = Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {account.pk: account for account in rows}
