"""What changed for the public: a problem's cases month by month, before and after its month.

The figures are the hotline's own (``minsheng.hotline.stats``): a case counts in the month it was
received, merged duplicates are left out, the rates are those of the monthly assessment. "Before"
is the ``MONTHLY["OUTCOME_MONTHS"]`` months before the theme's month, "after" as many months
after it, as far as they have begun; the theme's own month is the month of work and is in
neither.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from minsheng.cases.casefile import BEIJING
from minsheng.hotline.models import Case, Status
from minsheng.hotline.stats import (
    COUNT_FIELDS,
    dicts,
    months_between,
    next_month,
    rate_aggregates,
    rates,
)
from minsheng.monthly.conf import programme_settings
from minsheng.monthly.models import Problem

RATES = ("response_rate", "resolution_rate", "satisfaction_rate")


@dataclass
class Window:
    """Counts and rates over some months."""

    months: list[dt.date]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def cases(self) -> int:
        return self.counts.get("cases", 0)

    @property
    def cases_per_month(self) -> float | None:
        return round(self.cases / len(self.months), 1) if self.months else None

    @property
    def rates(self) -> dict[str, float | None]:
        if not self.months:
            return dict.fromkeys(RATES)
        return rates({name: self.counts.get(name, 0) for name in COUNT_FIELDS})


@dataclass
class Outcome:
    """A problem's monthly figures and its before/after comparison."""

    month: dt.date
    series: list[dict[str, Any]]
    before: Window
    after: Window

    @property
    def change(self) -> dict[str, float | None]:
        return difference(
            (self.before.cases_per_month, self.before.rates),
            (self.after.cases_per_month, self.after.rates),
        )


Figures = tuple[float | None, dict[str, float | None]]  # cases per month, rates


def difference(before: Figures, after: Figures) -> dict[str, float | None]:
    """After minus before: cases per month, and each rate in percentage points."""
    found = {"cases_per_month": _minus(after[0], before[0])}
    for name in RATES:
        found[name] = _minus(after[1][name], before[1][name])
    return found


def _minus(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else round(after - before, 2)


def problem_cases(problem: Problem) -> QuerySet[Case]:
    """The problem's cases, merged duplicates left out (as the assessment counts them)."""
    return Case.objects.filter(problem_links__problem=problem).exclude(status=Status.MERGED)


def outcome(problem: Problem, *, now: dt.datetime | None = None) -> Outcome:
    return outcomes([problem], now=now)[problem.pk]


def outcomes(problems: list[Problem], *, now: dt.datetime | None = None) -> dict[int, Outcome]:
    """The outcome of each problem, from one grouped query over all their cases."""
    now = now or timezone.now()
    spans = {problem.pk: _span(problem.theme.first_day, now) for problem in problems}
    counts = _counts_by_problem_and_month(spans, now) if spans else {}
    return {
        problem.pk: _outcome(
            problem.theme.first_day, *spans[problem.pk], counts.get(problem.pk, {})
        )
        for problem in problems
    }


def _span(month: dt.date, now: dt.datetime) -> tuple[dt.date, dt.date]:
    """The first and last month shown: OUTCOME_MONTHS either side, up to the current month."""
    months = programme_settings()["OUTCOME_MONTHS"]
    current = now.astimezone(BEIJING).date().replace(day=1)
    return _shift(month, -months), min(_shift(month, months), current)


def _outcome(
    month: dt.date, first: dt.date, last: dt.date, by_month: dict[dt.date, dict[str, int]]
) -> Outcome:
    series = [_row(m, by_month.get(m, {}), month) for m in months_between(first, last)]
    before = list(months_between(first, _shift(month, -1)))
    after = list(months_between(next_month(month), last)) if last > month else []
    return Outcome(month, series, _window(before, by_month), _window(after, by_month))


def _counts_by_problem_and_month(
    spans: dict[int, tuple[dt.date, dt.date]], now: dt.datetime
) -> dict[int, dict[dt.date, dict[str, int]]]:
    start = dt.datetime.combine(min(first for first, _ in spans.values()), dt.time(), BEIJING)
    last = max(last for _, last in spans.values())
    end = dt.datetime.combine(next_month(last), dt.time(), BEIJING)
    rows = (
        Case.objects.filter(problem_links__problem__in=list(spans))
        .filter(received_at__gte=start, received_at__lt=end)
        .exclude(status=Status.MERGED)
        .annotate(
            problem=F("problem_links__problem_id"),
            month=TruncMonth("received_at", tzinfo=BEIJING),
        )
        .values("problem", "month")
        .annotate(**rate_aggregates(now))
        .order_by()
    )
    found: dict[int, dict[dt.date, dict[str, int]]] = {}
    for row in dicts(rows):
        counts = {name: row[f"n_{name}"] for name in COUNT_FIELDS}
        found.setdefault(row["problem"], {})[_date(row["month"])] = counts
    return found


def _date(month: dt.date | dt.datetime) -> dt.date:
    return month.date() if isinstance(month, dt.datetime) else month


def _row(month: dt.date, counts: dict[str, int], theme_month: dt.date) -> dict[str, Any]:
    filled = {name: counts.get(name, 0) for name in COUNT_FIELDS}
    period = "before" if month < theme_month else "after" if month > theme_month else "month"
    return {"month": month.strftime("%Y-%m"), "period": period, **filled, **rates(filled)}


def _window(months: list[dt.date], by_month: dict[dt.date, dict[str, int]]) -> Window:
    totals = {name: sum(by_month.get(m, {}).get(name, 0) for m in months) for name in COUNT_FIELDS}
    return Window(months, totals)


def _shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
