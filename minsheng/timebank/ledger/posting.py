"""Posting to the ledger: the only code that writes transactions and legs.

One call posts several movements in one database transaction:

1. claim each movement's idempotency key (``INSERT ... ON CONFLICT DO NOTHING``): a key that is
   already taken means the movement was posted before, and the first result is returned;
2. lock every account involved, in primary-key order, so that concurrent postings queue up
   instead of deadlocking and no update is lost;
3. check the balances in Python (a clear message for the person), then insert the legs; the
   database moves the cached balances and refuses anything unbalanced or negative regardless.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.timebank.errors import IdempotencyConflict, InsufficientBalance
from minsheng.timebank.models import Account, Leg, Transaction
from minsheng.timebank.units import describe_minutes

HEADER_COLUMNS = (
    "kind",
    "idempotency_key",
    "posted_at",
    "memo",
    "authorised_by_id",
    "region_id",
    "order_id",
    "grant_id",
    "transfer_id",
    "attendance_id",
    "reverses_id",
)


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
    """Post ``movements`` atomically; returns their transactions (earlier ones on a retry)."""
    if not movements:
        return []
    posted_at = at or timezone.now()
    authoriser_id = authorised_by.pk if authorised_by is not None else None
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        _wait_for_standby(cursor)
        new_ids, balances = _claim_and_lock(cursor, movements, posted_at, authoriser_id)
        fresh = [m for m in movements if m.key in new_ids]
        earlier = _earlier(movements, new_ids)
        if fresh:
            _check_balances(fresh, balances)
            _insert_legs(cursor, fresh, new_ids)
    result = []
    for movement in movements:
        if movement.key in new_ids:
            result.append(
                _built(movement, new_ids[movement.key], movement.at or posted_at, authoriser_id)
            )
        else:
            result.append(earlier[movement.key])
    return result


def _wait_for_standby(cursor: Any) -> None:
    """Commit the posting's transaction at ``LEDGER_SYNCHRONOUS_COMMIT`` (``remote_apply`` with a
    standby: acknowledged only once the standby has applied it, so a failover loses none)."""
    level = settings.LEDGER_SYNCHRONOUS_COMMIT
    if level:
        cursor.execute("SELECT set_config('synchronous_commit', %s, true)", [level])


def _claim_and_lock(
    cursor: Any, movements: Sequence[Movement], posted_at: dt.datetime, authoriser_id: int | None
) -> tuple[dict[str, int], dict[int, tuple[str, int]]]:
    """Claim the keys, then lock the accounts: two statements sent in one round trip.

    They run in this order, so a retry waiting on a key held by a posting still in flight holds
    no account lock meanwhile. Accounts are locked in primary-key order: every posting locks in
    the same order, so none waits in a cycle.
    """
    rows = []
    params: list[Any] = []
    for m in movements:
        rows.append("(" + ", ".join(["%s"] * len(HEADER_COLUMNS)) + ")")
        params += [
            m.kind,
            m.key,
            m.at or posted_at,
            m.memo[:300],
            authoriser_id,
            m.region_id,
            m.order_id,
            m.grant_id,
            m.transfer_id,
            m.attendance_id,
            m.reverses_id,
        ]
    ids = sorted({m.debit.pk for m in movements} | {m.credit.pk for m in movements})
    cursor.execute(
        f"INSERT INTO timebank_transaction ({', '.join(HEADER_COLUMNS)}) "
        f"VALUES {', '.join(rows)} ON CONFLICT (idempotency_key) DO NOTHING "
        "RETURNING id, idempotency_key; "
        "SELECT id, kind, balance FROM timebank_account WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
        [*params, ids],
    )
    new_ids = {key: pk for pk, key in cursor.fetchall()}
    cursor.nextset()
    locked = {pk: (kind, balance) for pk, kind, balance in cursor.fetchall()}
    return new_ids, locked


def _earlier(movements: Sequence[Movement], new_ids: dict[str, int]) -> dict[str, Transaction]:
    """The transactions posted before under the keys of ``movements``; they must match."""
    keys = [m.key for m in movements if m.key not in new_ids]
    if not keys:
        return {}
    found = {
        tx.idempotency_key: tx
        for tx in Transaction.objects.filter(idempotency_key__in=keys).prefetch_related("legs")
    }
    for movement in movements:
        if movement.key in new_ids:
            continue
        tx = found[movement.key]
        legs = {(leg.account_id, leg.side, leg.amount) for leg in tx.legs.all()}
        expected = {
            (movement.debit.pk, Leg.Side.DEBIT, movement.minutes),
            (movement.credit.pk, Leg.Side.CREDIT, movement.minutes),
        }
        if tx.kind != movement.kind or legs != expected:
            raise IdempotencyConflict(
                _("This request was already made with different details; nothing was posted.")
            )
    return found


def _check_balances(movements: Sequence[Movement], locked: dict[int, tuple[str, int]]) -> None:
    balances = {pk: balance for pk, (_kind, balance) in locked.items()}
    for m in movements:
        balances[m.debit.pk] -= m.minutes
        balances[m.credit.pk] += m.minutes
        debit_kind = locked[m.debit.pk][0]
        if debit_kind != Account.Kind.ISSUANCE and balances[m.debit.pk] < 0:
            available = balances[m.debit.pk] + m.minutes
            raise InsufficientBalance(
                _("Not enough time in the account: %(needed)s needed, %(available)s available.")
                % {
                    "needed": describe_minutes(m.minutes),
                    "available": describe_minutes(max(available, 0)),
                }
            )
        credit_kind = locked[m.credit.pk][0]
        if credit_kind == Account.Kind.ISSUANCE and balances[m.credit.pk] > 0:
            raise InsufficientBalance(_("An issuer cannot take back more than it issued."))


def _insert_legs(cursor: Any, movements: Sequence[Movement], new_ids: dict[str, int]) -> None:
    legs: list[tuple[int, int, int, int]] = []  # account, is debit, transaction, minutes
    for m in movements:
        tx_id = new_ids[m.key]
        legs.append((m.debit.pk, 1, tx_id, m.minutes))
        legs.append((m.credit.pk, 0, tx_id, m.minutes))
    # Per account, credits before debits: a balance that only passes through an account never
    # dips below zero in between (each row update is checked at once).
    legs.sort(key=lambda leg: (leg[0], leg[1]))
    placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(legs))
    params: list[Any] = []
    for account_id, is_debit, tx_id, amount in legs:
        params += [tx_id, account_id, "D" if is_debit else "C", amount]
    cursor.execute(
        f"INSERT INTO timebank_leg (transaction_id, account_id, side, amount) VALUES {placeholders}",
        params,
    )


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
