"""``minsheng check-ledger``: recompute everything from the legs and test every invariant.

Each check is one SQL query over the whole ledger (no per-account loops in Python), so the
check runs in seconds on millions of legs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from minsheng.timebank.models import HOLDING_STATES

SIGNED = "CASE l.side WHEN 'C' THEN l.amount ELSE -l.amount END"
EARNING = "('service_payment', 'activity_payment')"


@dataclass(frozen=True)
class Discrepancy:
    check: str
    message: str


@dataclass(frozen=True)
class Summary:
    accounts: int
    transactions: int
    legs: int
    issued: int
    in_circulation: int


def _rows(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def unbalanced_transactions() -> list[Discrepancy]:
    rows = _rows(
        f"""SELECT t.id, count(l.id), coalesce(sum({SIGNED}), 0)
              FROM timebank_transaction t LEFT JOIN timebank_leg l ON l.transaction_id = t.id
             GROUP BY t.id HAVING count(l.id) < 2 OR coalesce(sum({SIGNED}), 0) <> 0
             ORDER BY t.id LIMIT 100"""
    )
    return [
        Discrepancy(
            "balanced",
            _("Transaction %(id)s has %(legs)s legs summing to %(sum)s minutes.")
            % {"id": tx, "legs": legs, "sum": total},
        )
        for tx, legs, total in rows
    ]


def cached_balances() -> list[Discrepancy]:
    rows = _rows(
        f"""SELECT a.id, a.balance, coalesce(sum({SIGNED}), 0), a.earned,
                   coalesce(sum(CASE
                       WHEN l.side = 'C' AND t.kind IN {EARNING} THEN l.amount
                       WHEN l.side = 'D' AND t.kind = 'reversal' AND o.kind IN {EARNING}
                           THEN -l.amount
                       ELSE 0 END), 0)
              FROM timebank_account a
              LEFT JOIN timebank_leg l ON l.account_id = a.id
              LEFT JOIN timebank_transaction t ON t.id = l.transaction_id
              LEFT JOIN timebank_transaction o ON o.id = t.reverses_id
             GROUP BY a.id
            HAVING a.balance <> coalesce(sum({SIGNED}), 0)
                OR a.earned <> coalesce(sum(CASE
                       WHEN l.side = 'C' AND t.kind IN {EARNING} THEN l.amount
                       WHEN l.side = 'D' AND t.kind = 'reversal' AND o.kind IN {EARNING}
                           THEN -l.amount
                       ELSE 0 END), 0)
             ORDER BY a.id LIMIT 100"""
    )
    return [
        Discrepancy(
            "cached_balance",
            _(
                "Account %(id)s shows %(cached)s minutes (earned %(earned)s) but its legs give "
                "%(legs)s (earned %(legs_earned)s)."
            )
            % {
                "id": pk,
                "cached": cached,
                "legs": legs,
                "earned": earned,
                "legs_earned": legs_earned,
            },
        )
        for pk, cached, legs, earned, legs_earned in rows
    ]


def balance_signs() -> list[Discrepancy]:
    rows = _rows(
        """SELECT id, kind, balance FROM timebank_account
            WHERE (kind = 'issuance' AND balance > 0) OR (kind <> 'issuance' AND balance < 0)
            ORDER BY id LIMIT 100"""
    )
    return [
        Discrepancy(
            "sign",
            _("Account %(id)s (%(kind)s) has a balance of %(balance)s minutes.")
            % {"id": pk, "kind": kind, "balance": balance},
        )
        for pk, kind, balance in rows
    ]


def issuance_equals_circulation() -> list[Discrepancy]:
    issued, circulating = _rows(
        f"""SELECT coalesce(-sum({SIGNED}) FILTER (WHERE a.kind = 'issuance'), 0),
                   coalesce(sum({SIGNED}) FILTER (WHERE a.kind <> 'issuance'), 0)
              FROM timebank_leg l JOIN timebank_account a ON a.id = l.account_id"""
    )[0]
    if issued == circulating:
        return []
    return [
        Discrepancy(
            "issuance",
            _("Issued %(issued)s minutes but %(circulating)s are in circulation.")
            % {"issued": issued, "circulating": circulating},
        )
    ]


def holds_match_open_orders() -> list[Discrepancy]:
    holding = [str(state) for state in HOLDING_STATES]
    # MATERIALIZED: each aggregate is computed once, whatever the planner's estimates.
    per_account = _rows(
        """WITH o AS MATERIALIZED (
               SELECT payer_id, sum(held_minutes) AS held FROM timebank_serviceorder
                WHERE state = ANY(%s) GROUP BY payer_id)
           SELECT a.id, a.owner_id, a.balance, coalesce(o.held, 0)
             FROM timebank_account a LEFT JOIN o ON o.payer_id = a.owner_id
            WHERE a.kind = 'hold' AND a.balance <> coalesce(o.held, 0)
            ORDER BY a.id LIMIT 100""",
        [holding],
    )
    problems = [
        Discrepancy(
            "holds",
            _(
                "The hold account of person %(owner)s holds %(balance)s minutes; open orders "
                "hold %(held)s."
            )
            % {"owner": owner, "balance": balance, "held": held},
        )
        for _pk, owner, balance, held in per_account
    ]
    per_order = _rows(
        f"""WITH h AS MATERIALIZED (
                SELECT t.order_id, sum({SIGNED}) AS held
                  FROM timebank_transaction t
                  JOIN timebank_leg l ON l.transaction_id = t.id
                  JOIN timebank_account a ON a.id = l.account_id AND a.kind = 'hold'
                 WHERE t.order_id IS NOT NULL GROUP BY t.order_id)
            SELECT o.id, o.held_minutes, coalesce(h.held, 0)
              FROM timebank_serviceorder o LEFT JOIN h ON h.order_id = o.id
             WHERE o.held_minutes <> coalesce(h.held, 0)
             ORDER BY o.id LIMIT 100"""
    )
    problems += [
        Discrepancy(
            "order_hold",
            _("Order %(id)s says %(held)s minutes are on hold; its ledger postings hold %(legs)s.")
            % {"id": pk, "held": held, "legs": legs},
        )
        for pk, held, legs in per_order
    ]
    return problems


def settled_orders_paid() -> list[Discrepancy]:
    rows = _rows(
        """WITH p AS MATERIALIZED (
               SELECT t.order_id, sum(l.amount) AS paid FROM timebank_transaction t
                 JOIN timebank_leg l ON l.transaction_id = t.id AND l.side = 'C'
                WHERE t.kind = 'service_payment' GROUP BY t.order_id)
           SELECT o.id, o.credited_minutes, coalesce(p.paid, 0)
             FROM timebank_serviceorder o LEFT JOIN p ON p.order_id = o.id
            WHERE coalesce(o.credited_minutes, 0) <> coalesce(p.paid, 0)
            ORDER BY o.id LIMIT 100"""
    )
    return [
        Discrepancy(
            "order_paid",
            _("Order %(id)s credits %(credited)s minutes but the ledger paid %(paid)s.")
            % {"id": pk, "credited": credited, "paid": paid},
        )
        for pk, credited, paid in rows
    ]


def origins_posted_once() -> list[Discrepancy]:
    """Approved grants, transfers and confirmed attendances: exactly one posting, same amount."""
    rows = _rows(
        """SELECT 'grant', g.id, g.minutes, count(t.id), coalesce(sum(l.amount), 0)
             FROM timebank_grant g
             LEFT JOIN timebank_transaction t ON t.grant_id = g.id AND t.kind = 'grant'
             LEFT JOIN timebank_leg l ON l.transaction_id = t.id AND l.side = 'C'
            GROUP BY g.id
           HAVING (g.state = 'approved' AND (count(t.id) <> 1 OR coalesce(sum(l.amount), 0) <> g.minutes))
               OR (g.state <> 'approved' AND count(t.id) <> 0)
           UNION ALL
           SELECT 'transfer', x.id, x.minutes, count(t.id), coalesce(sum(l.amount), 0)
             FROM timebank_transfer x
             LEFT JOIN timebank_transaction t ON t.transfer_id = x.id AND t.kind = x.kind
             LEFT JOIN timebank_leg l ON l.transaction_id = t.id AND l.side = 'C'
            GROUP BY x.id HAVING count(t.id) <> 1 OR coalesce(sum(l.amount), 0) <> x.minutes
           UNION ALL
           SELECT 'attendance', a.id, coalesce(a.minutes, 0), count(t.id), coalesce(sum(l.amount), 0)
             FROM timebank_attendance a
             LEFT JOIN timebank_transaction t ON t.attendance_id = a.id
             LEFT JOIN timebank_leg l ON l.transaction_id = t.id AND l.side = 'C'
            GROUP BY a.id
           HAVING (a.confirmed_at IS NOT NULL AND (count(t.id) <> 1 OR coalesce(sum(l.amount), 0) <> a.minutes))
               OR (a.confirmed_at IS NULL AND count(t.id) <> 0)
            LIMIT 100"""
    )
    return [
        Discrepancy(
            "origin",
            _("%(kind)s %(id)s of %(minutes)s minutes has %(count)s postings totalling %(posted)s.")
            % {"kind": kind, "id": pk, "minutes": minutes, "count": count, "posted": posted},
        )
        for kind, pk, minutes, count, posted in rows
    ]


def reversals_within_originals() -> list[Discrepancy]:
    rows = _rows(
        """SELECT o.id, od.amount, sum(rl.amount)
             FROM timebank_transaction r
             JOIN timebank_transaction o ON o.id = r.reverses_id
             JOIN timebank_leg od ON od.transaction_id = o.id AND od.side = 'D'
             JOIN timebank_leg rl ON rl.transaction_id = r.id AND rl.side = 'C'
            WHERE r.kind = 'reversal'
            GROUP BY o.id, od.amount HAVING sum(rl.amount) > od.amount
            LIMIT 100"""
    )
    return [
        Discrepancy(
            "reversal",
            _("Transaction %(id)s of %(amount)s minutes was reversed by %(reversed)s.")
            % {"id": pk, "amount": amount, "reversed": total},
        )
        for pk, amount, total in rows
    ]


CHECKS: dict[str, Callable[[], list[Discrepancy]]] = {
    "balanced": unbalanced_transactions,
    "cached_balance": cached_balances,
    "sign": balance_signs,
    "issuance": issuance_equals_circulation,
    "holds": holds_match_open_orders,
    "order_paid": settled_orders_paid,
    "origin": origins_posted_once,
    "reversal": reversals_within_originals,
}


def run() -> list[Discrepancy]:
    problems: list[Discrepancy] = []
    for check in CHECKS.values():
        problems += check()
    return problems


def summary() -> Summary:
    accounts, issued, circulating = _rows(
        """SELECT count(*), coalesce(-sum(balance) FILTER (WHERE kind = 'issuance'), 0),
                  coalesce(sum(balance) FILTER (WHERE kind <> 'issuance'), 0)
             FROM timebank_account"""
    )[0]
    transactions = _rows("SELECT count(*) FROM timebank_transaction")[0][0]
    legs = _rows("SELECT count(*) FROM timebank_leg")[0][0]
    return Summary(accounts, transactions, legs, issued, circulating)
