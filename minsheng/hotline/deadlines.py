"""A case's deadlines: each kind and urgency has its rule in the settings, in working or plain time.

A rule reads ``"10 working days"``, ``"24 working hours"``, ``"4 hours"`` or ``"1 day"``
(``HOTLINE_RESPONSE_RULES`` by urgency, ``HOTLINE_HANDLING_RULES`` by kind,
``HOTLINE_HANDLING_CAP_RULES`` by urgency: the earlier of the kind's and the cap's deadline
holds). Working time follows the official calendar and the office's exceptions (``workdays``);
plain time runs through nights, weekends and holidays (an emergency does not wait for Monday).

The clock stops while the case waits for the caller (``waiting``): when it runs again, each
deadline moves on by the time the wait took, measured the way its rule measures (working time
for a working-time rule).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from minsheng.hotline import conf
from minsheng.hotline.workdays import Calendar, calendar

RULE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s+(working\s+)?(hour|hours|day|days)\s*$")


@dataclass(frozen=True)
class Rule:
    amount: dt.timedelta
    working: bool

    @classmethod
    def parse(cls, text: str) -> Rule:
        match = RULE.match(str(text))
        if match is None:
            raise ValueError(f"{text!r} is not a deadline rule such as '10 working days'.")
        number, working, unit = match.groups()
        if float(number) <= 0:
            raise ValueError(f"{text!r}: a deadline must be later than the start.")
        size = dt.timedelta(days=1) if unit.startswith("day") else dt.timedelta(hours=1)
        return cls(float(number) * size, bool(working))

    def due(self, start: dt.datetime, days: Calendar) -> dt.datetime:
        return days.add(start, self.amount) if self.working else start + self.amount

    def elapsed(self, start: dt.datetime, end: dt.datetime, days: Calendar) -> dt.timedelta:
        """How much of this rule's time passes from ``start`` to ``end``."""
        if self.working:
            return days.between(start, end)
        return max(end - start, dt.timedelta(0))

    def extend(self, due: dt.datetime, by: dt.timedelta, days: Calendar) -> dt.datetime:
        return days.add(due, by) if self.working else due + by


def response_rule(urgency: str | None) -> Rule:
    rules = conf.response_rules()
    return Rule.parse(rules.get(urgency or "normal", rules["normal"]))


def handling_rules(kind: str | None, urgency: str | None) -> list[Rule]:
    """The kind's rule and, for urgent cases, the cap: the earlier deadline holds."""
    by_kind = conf.handling_rules()
    found = [Rule.parse(by_kind.get(kind or "complaint", by_kind["complaint"]))]
    cap = conf.handling_cap_rules().get(urgency or "normal")
    if cap:
        found.append(Rule.parse(cap))
    return found


class Deadlines:
    """Computes deadlines with one calendar (the importer makes one per import)."""

    def __init__(self, days: Calendar | None = None) -> None:
        self.days = days if days is not None else calendar()
        self._rules: dict[tuple[str | None, str | None], tuple[Rule, list[Rule]]] = {}

    def rules(self, kind: str | None, urgency: str | None) -> tuple[Rule, list[Rule]]:
        key = (kind, urgency)
        if key not in self._rules:
            self._rules[key] = (response_rule(urgency), handling_rules(kind, urgency))
        return self._rules[key]

    def due(
        self, kind: str | None, urgency: str | None, start: dt.datetime
    ) -> tuple[dt.datetime, dt.datetime]:
        response, handling = self.rules(kind, urgency)
        respond_by = response.due(start, self.days)
        handle_by = min(r.due(start, self.days) for r in handling)
        # In UTC, as PostgreSQL gives them back: a recomputed deadline compares equal as text.
        return respond_by.astimezone(dt.UTC), handle_by.astimezone(dt.UTC)

    def after_wait(
        self,
        kind: str | None,
        urgency: str | None,
        received_at: dt.datetime,
        response_due: dt.datetime | None,
        handling_due: dt.datetime | None,
        waited_from: dt.datetime,
        waited_to: dt.datetime,
    ) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The deadlines moved on by the time the case waited for the caller."""
        response, handling = self.rules(kind, urgency)
        # The handling rule that set the deadline: the one giving the earliest from receipt.
        binding = min(handling, key=lambda r: r.due(received_at, self.days))

        def moved(due: dt.datetime | None, rule: Rule) -> dt.datetime | None:
            if due is None or due <= waited_from:
                return due  # already past when the wait began: the wait does not excuse it
            later = rule.extend(due, rule.elapsed(waited_from, waited_to, self.days), self.days)
            return later.astimezone(dt.UTC)

        return moved(response_due, response), moved(handling_due, binding)


def deadlines(
    kind: str | None, urgency: str | None, start: dt.datetime
) -> tuple[dt.datetime, dt.datetime]:
    """(respond by, handle by) for a case of ``kind`` and ``urgency`` received at ``start``."""
    return Deadlines().due(kind, urgency, start)
