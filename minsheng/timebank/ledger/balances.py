"""Balances as of any moment, and statements with a running balance.

A person's statement covers their personal and hold accounts together, leaving out the moves
between the two (holds and their release): the person sees what they received and what they
paid, and a balance that includes the coins on hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, F, Q, QuerySet, Sum, When, Window
from django.db.models.functions import Coalesce

from minsheng.timebank.models import Account, Leg, Transaction

SIGNED = Case(When(side=Leg.Side.CREDIT, then=F("amount")), default=-F("amount"))
INTERNAL_KINDS = (Transaction.Kind.HOLD, Transaction.Kind.RELEASE)


def _accounts(accounts: Account | Sequence[Account]) -> list[Account]:
    return [accounts] if isinstance(accounts, Account) else list(accounts)


def _legs(accounts: list[Account], exclude_kinds: Sequence[str]) -> Q:
    condition = Q(account__in=[account.pk for account in accounts])
    if exclude_kinds:
        condition &= ~Q(transaction__kind__in=exclude_kinds)
    return condition


def balance_as_of(
    accounts: Account | Sequence[Account],
    moment: dt.datetime | None = None,
    *,
    exclude_kinds: Sequence[str] = (),
) -> int:
    """The balance at ``moment`` (everything posted before it), from the legs."""
    chosen = _accounts(accounts)
    if moment is None:
        return sum(account.balance for account in chosen)
    total = Leg.objects.filter(_legs(chosen, exclude_kinds), posted_at__lt=moment).aggregate(
        total=Coalesce(Sum(SIGNED), 0)
    )["total"]
    return int(total)


@dataclass(frozen=True)
class StatementLine:
    leg: Leg
    change: int
    balance: int


@dataclass(frozen=True)
class Statement:
    accounts: list[Account]
    start: dt.datetime | None
    end: dt.datetime | None
    opening: int
    closing: int
    lines: list[StatementLine]

    @property
    def total_in(self) -> int:
        return sum(line.change for line in self.lines if line.change > 0)

    @property
    def total_out(self) -> int:
        return -sum(line.change for line in self.lines if line.change < 0)


def statement_legs(
    accounts: Account | Sequence[Account], *, exclude_kinds: Sequence[str] = ()
) -> QuerySet[Leg]:
    """All legs, newest first, each annotated with ``running`` (the balance after it).

    For pages: slicing the queryset keeps the running balances right (the window is computed
    before LIMIT), so long histories are paged in the database.
    """
    legs = Leg.objects.filter(_legs(_accounts(accounts), exclude_kinds)).annotate(
        running=Window(Sum(SIGNED), order_by=[F("posted_at").asc(), F("id").asc()])
    )
    return legs.select_related(
        "transaction", "transaction__order", "transaction__grant__rule", "transaction__transfer"
    ).order_by("-posted_at", "-id")


def person_legs(person: object) -> QuerySet[Leg]:
    from minsheng.timebank.ledger.accounts import viewed_accounts

    return statement_legs(list(viewed_accounts(person)), exclude_kinds=INTERNAL_KINDS)


def statement(
    accounts: Account | Sequence[Account],
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    limit: int | None = None,
    exclude_kinds: Sequence[str] = (),
) -> Statement:
    """Legs of ``accounts`` in ``[start, end)``, newest first, each with the balance after it."""
    chosen = _accounts(accounts)
    condition = _legs(chosen, exclude_kinds)
    opening = balance_as_of(chosen, start, exclude_kinds=exclude_kinds) if start else 0
    legs = Leg.objects.filter(condition)
    if start:
        legs = legs.filter(posted_at__gte=start)
    if end:
        legs = legs.filter(posted_at__lt=end)
    # The window runs over the filtered range; the opening balance shifts it.
    legs = legs.annotate(
        running=Window(Sum(SIGNED), order_by=[F("posted_at").asc(), F("id").asc()])
    )
    rows = list(
        legs.select_related(
            "transaction", "transaction__order", "transaction__transfer", "transaction__grant__rule"
        ).order_by("-posted_at", "-id")[: limit or None]
    )
    lines = [StatementLine(leg, leg.signed_amount, opening + int(leg.running)) for leg in rows]
    closing = lines[0].balance if lines else opening
    return Statement(chosen, start, end, opening, closing, lines)


def person_statement(
    person: object,
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    limit: int | None = None,
) -> Statement:
    """What a person received and paid, their held coins included (see the module docstring)."""
    from minsheng.timebank.ledger.accounts import viewed_accounts

    return statement(
        list(viewed_accounts(person)),
        start=start,
        end=end,
        limit=limit,
        exclude_kinds=INTERNAL_KINDS,
    )
