"""Balances as of any moment, and statements with a running balance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, F, Sum, When, Window
from django.db.models.functions import Coalesce

from minsheng.timebank.models import Account, Leg

SIGNED = Case(When(side=Leg.Side.CREDIT, then=F("amount")), default=-F("amount"))


def balance_as_of(account: Account, moment: dt.datetime | None = None) -> int:
    """The balance at ``moment`` (everything posted before it), from the legs."""
    if moment is None:
        return account.balance
    total = Leg.objects.filter(account=account, posted_at__lt=moment).aggregate(
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
    account: Account
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


def statement(
    account: Account,
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    limit: int | None = None,
) -> Statement:
    """Legs of ``account`` in ``[start, end)``, newest first, each with the balance after it."""
    legs = Leg.objects.filter(account=account)
    opening = balance_as_of(account, start) if start else 0
    window = legs.annotate(
        running=Window(Sum(SIGNED), order_by=[F("posted_at").asc(), F("id").asc()])
    )
    if start:
        window = window.filter(posted_at__gte=start)
    if end:
        window = window.filter(posted_at__lt=end)
    # The window runs over the whole filtered range; the opening balance shifts it.
    rows = list(
        window.select_related(
            "transaction", "transaction__order", "transaction__transfer", "transaction__grant"
        ).order_by("-posted_at", "-id")[: limit or None]
    )
    lines = [StatementLine(leg, leg.signed_amount, opening + int(leg.running)) for leg in rows]
    closing = lines[0].balance if lines else opening
    return Statement(account, start, end, opening, closing, lines)
