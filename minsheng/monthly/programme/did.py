"""Did the problem's calls fall more than they would have anyway? A difference-in-differences.

Before/after alone (``outcomes``) moves with the seasons and with the whole city. Here the
problem's places and categories (the sub-districts and categories of its cases: "treated") are
compared over the same months with the same categories in the sub-districts that have none of its
cases ("comparable sub-districts"). Where there are none (or they have too few cases), the
comparison is the problem's places and categories in the same months a year earlier.

Monthly case counts of both groups are fitted with a Poisson model with a rate per group, a rate per
month (which takes up the season and the citywide trend) and the effect of the months after the
problem's month in its places; the effect is reported as a percentage with a 95% interval, its
standard error widened by the counts' over-dispersion (quasi-Poisson, never narrowed). Limits are in
``docs/monthly.md``: it assumes both groups would have moved alike without the work, and a few
months of counts give wide intervals.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minsheng.cases.casefile import BEIJING
from minsheng.hotline.models import Case, Status
from minsheng.hotline.stats import next_month
from minsheng.monthly.models import Problem
from minsheng.monthly.programme.outcomes import Outcome

MIN_CASES = 20  # fewer cases in a group over the months compared: no estimate
NO_ESTIMATE = gettext_lazy(
    "Too few cases, or no months after yet, to compare with comparable sub-districts or with "
    "last year."
)
PLACES = "places"
LAST_YEAR = "last_year"


@dataclass(frozen=True)
class Estimate:
    comparison: str  # PLACES or LAST_YEAR
    effect: float  # relative change beyond the comparison: -0.38 is 38% fewer calls
    low: float  # 95% interval of the effect
    high: float
    treated: tuple[int, int]  # cases before, after
    control: tuple[int, int]
    months: tuple[int, int]  # months before, after

    @property
    def verdict(self) -> str:
        """The estimate in plain words, for the office and the public."""
        values = {
            "effect": _percent(abs(self.effect)),
            "low": _percent(min(abs(self.low), abs(self.high))),
            "high": _percent(max(abs(self.low), abs(self.high))),
        }
        crosses = self.low < 0 < self.high
        if self.comparison == PLACES:
            if crosses:
                return (
                    _(
                        "No clear difference from comparable sub-districts: calls changed by "
                        "%(signed)s%% relative to them (95%% interval %(signed_low)s%% to "
                        "%(signed_high)s%%)."
                    )
                    % self._signed()
                )
            if self.effect < 0:
                return (
                    _(
                        "Calls fell %(effect)s%% more than in comparable sub-districts "
                        "(95%% interval %(low)s–%(high)s%%)."
                    )
                    % values
                )
            return (
                _(
                    "Calls rose %(effect)s%% more than in comparable sub-districts "
                    "(95%% interval %(low)s–%(high)s%%)."
                )
                % values
            )
        if crosses:
            return (
                _(
                    "No clear difference from the same months of last year: calls changed by "
                    "%(signed)s%% relative to them (95%% interval %(signed_low)s%% to "
                    "%(signed_high)s%%)."
                )
                % self._signed()
            )
        if self.effect < 0:
            return (
                _(
                    "Calls fell %(effect)s%% more than in the same months of last year "
                    "(95%% interval %(low)s–%(high)s%%)."
                )
                % values
            )
        return (
            _(
                "Calls rose %(effect)s%% more than in the same months of last year "
                "(95%% interval %(low)s–%(high)s%%)."
            )
            % values
        )

    def _signed(self) -> dict[str, str]:
        return {
            "signed": f"{self.effect * 100:+.0f}",
            "signed_low": f"{self.low * 100:+.0f}",
            "signed_high": f"{self.high * 100:+.0f}",
        }


def _percent(share: float) -> str:
    return f"{share * 100:.0f}"


@dataclass(frozen=True)
class Scope:
    """The problem's categories and places, and the months compared."""

    categories: list[int]
    places: list[int]
    before: list[dt.date]
    after: list[dt.date]


def estimate(problem: Problem, result: Outcome) -> Estimate | None:
    """The difference-in-differences of the problem's outcome, or None when it cannot be told."""
    return estimates([problem], {problem.pk: result})[problem.pk]


def estimates(problems: list[Problem], found: dict[int, Outcome]) -> dict[int, Estimate | None]:
    """The estimate of each problem, from two queries whatever the number of problems."""
    scopes = _scopes(problems, found)
    counts = _counts(list(scopes.values())) if scopes else {}
    return {
        problem.pk: _estimate(scopes[problem.pk], counts) if problem.pk in scopes else None
        for problem in problems
    }


Counts = dict[tuple[int, int, dt.date], int]  # (category, sub-district, month): cases


def _estimate(scope: Scope, counts: Counts) -> Estimate | None:
    months = scope.before + scope.after
    treated, others = _monthly(scope, counts, months)
    if _enough(others, scope):
        return _fit(treated, others, scope, PLACES)
    last_year, _others = _monthly(scope, counts, [_year_before(m) for m in months])
    shifted = {_year_after(m): n for m, n in last_year.items()}  # aligned on the calendar month
    if _enough(shifted, scope):
        return _fit(treated, shifted, scope, LAST_YEAR)
    return None


def _scopes(problems: list[Problem], found: dict[int, Outcome]) -> dict[int, Scope]:
    """The categories and places of each problem's cases, for those with months to compare."""
    pairs: dict[int, set[tuple[int | None, int | None]]] = {}
    rows = (
        Case.objects.filter(problem_links__problem__in=[p.pk for p in problems])
        .exclude(status=Status.MERGED)
        .values_list("problem_links__problem_id", "category_id", "subdistrict_id")
        .distinct()
        .order_by()
    )
    for problem_id, category, place in rows:
        pairs.setdefault(problem_id, set()).add((category, place))
    scopes = {}
    for problem in problems:
        result = found[problem.pk]
        categories = {c for c, _p in pairs.get(problem.pk, ()) if c}
        places = {p for _c, p in pairs.get(problem.pk, ()) if p}
        if result.before.months and result.after.months and categories and places:
            scopes[problem.pk] = Scope(
                sorted(categories), sorted(places), result.before.months, result.after.months
            )
    return scopes


def _counts(scopes: list[Scope]) -> Counts:
    """Cases of the scopes' categories by sub-district and month, this year and the one before."""
    months = [m for scope in scopes for m in scope.before + scope.after]
    start = dt.datetime.combine(_year_before(min(months)), dt.time(), BEIJING)
    end = dt.datetime.combine(next_month(max(months)), dt.time(), BEIJING)
    categories = sorted({c for scope in scopes for c in scope.categories})
    rows = (
        Case.objects.filter(category_id__in=categories, received_at__gte=start)
        .filter(received_at__lt=end, subdistrict__isnull=False)
        .exclude(status=Status.MERGED)
        .annotate(month=TruncMonth("received_at", tzinfo=BEIJING))
        .values("category_id", "subdistrict_id", "month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        (row["category_id"], row["subdistrict_id"], _date(row["month"])): row["n"] for row in rows
    }


def _date(month: dt.date | dt.datetime) -> dt.date:
    return month.date() if isinstance(month, dt.datetime) else month


def _monthly(
    scope: Scope, counts: Counts, months: list[dt.date]
) -> tuple[dict[dt.date, int], dict[dt.date, int]]:
    """Cases of the scope's categories per month: in its places, and in all other places."""
    treated = dict.fromkeys(months, 0)
    others = dict.fromkeys(months, 0)
    categories, places = set(scope.categories), set(scope.places)
    for (category, place, month), n in counts.items():
        if month in treated and category in categories:
            if place in places:
                treated[month] += n
            else:
                others[month] += n
    return treated, others


def _enough(control: dict[dt.date, int], scope: Scope) -> bool:
    before = sum(control.get(m, 0) for m in scope.before)
    after = sum(control.get(m, 0) for m in scope.after)
    return min(before, after) >= MIN_CASES


def _fit(
    treated: dict[dt.date, int], control: dict[dt.date, int], scope: Scope, comparison: str
) -> Estimate | None:
    import numpy as np
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    months = scope.before + scope.after
    counts = [(treated[m], 1, m) for m in months] + [(control[m], 0, m) for m in months]
    treated_before = sum(treated[m] for m in scope.before)
    treated_after = sum(treated[m] for m in scope.after)
    if min(treated_before, treated_after) == 0 or treated_before + treated_after < MIN_CASES:
        return None
    after = set(scope.after)
    # Columns: a rate per month (the month dummies span the intercept), the treated group, and
    # the treated group after the problem's month: the effect.
    design = np.array(
        [
            [1.0 if m == month else 0.0 for month in months]
            + [float(group), float(group and m in after)]
            for _count, group, m in counts
        ]
    )
    y = np.array([count for count, _group, _m in counts], dtype=float)
    with warnings.catch_warnings():
        # Counts that the months and groups explain exactly are a perfect fit, not an error.
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        fitted = sm.GLM(y, design, family=sm.families.Poisson()).fit()
    # Quasi-Poisson: widen the interval by the counts' over-dispersion, never narrow it.
    dispersion = fitted.pearson_chi2 / fitted.df_resid if fitted.df_resid > 0 else 1.0
    coefficient = float(fitted.params[-1])
    spread = float(fitted.bse[-1]) * math.sqrt(max(1.0, float(dispersion)))
    if not math.isfinite(spread):
        return None
    return Estimate(
        comparison=comparison,
        effect=math.expm1(coefficient),
        low=math.expm1(coefficient - 1.96 * spread),
        high=math.expm1(coefficient + 1.96 * spread),
        treated=(treated_before, treated_after),
        control=(
            sum(control[m] for m in scope.before),
            sum(control[m] for m in scope.after),
        ),
        months=(len(scope.before), len(scope.after)),
    )


def _year_before(month: dt.date) -> dt.date:
    return month.replace(year=month.year - 1)


def _year_after(month: dt.date) -> dt.date:
    return month.replace(year=month.year + 1)
