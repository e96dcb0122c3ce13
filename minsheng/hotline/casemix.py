"""A ranking adjusted for case mix: is a unit better or worse than expected for the cases it got?

Some categories are harder than others (a collapsed heating network is not a broken street
lamp). So, beside the plain ranking, each unit's resolution and satisfaction are compared with
what the city as a whole achieves on the same kinds of cases:

1. Two logistic regressions (scikit-learn) are fitted on the city's own cases whose caller
   answered the call-back, over the twelve months up to the month shown: the chance that the
   caller says "resolved", and the chance that the caller is satisfied or basically satisfied,
   from the case's category (leaf) and kind.
2. For each unit, its month's answered cases give the **observed** share and the model's mean
   prediction for the same cases the **expected** share; the difference is observed minus
   expected, in percentage points.
3. The interval is 95 %: ± 1.96 × √(Σ p(1 − p)) / n, the spread the difference would have by
   chance alone if the unit were exactly as good as the city on its mix.

Units are ordered by the mean of the two differences; only units with at least
``HOTLINE_RANKING_MIN_CASES`` answered call-backs in the month are listed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.cache import cache

from minsheng.hotline import conf, reports
from minsheng.hotline.models import Case, Satisfaction, Status
from minsheng.hotline.stats import month_bounds, next_month
from minsheng.people.models import Organisation

ANSWERED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED, Satisfaction.DISSATISFIED)
Z95 = 1.96


@dataclass(frozen=True)
class Comparison:
    observed: float  # percent
    expected: float
    difference: float  # percentage points
    margin: float  # half the 95 % interval, percentage points

    @property
    def low(self) -> float:
        return round(self.difference - self.margin, 1)

    @property
    def high(self) -> float:
        return round(self.difference + self.margin, 1)

    @property
    def clear(self) -> int:
        """1 if clearly better than expected, -1 if clearly worse, 0 if within chance."""
        return 1 if self.low > 0 else -1 if self.high < 0 else 0


@dataclass(frozen=True)
class UnitResult:
    unit: Organisation
    answered: int
    resolution: Comparison
    satisfaction: Comparison

    @property
    def score(self) -> float:
        return (self.resolution.difference + self.satisfaction.difference) / 2


def _rows(first: dt.date, last: dt.date) -> list[tuple[Any, ...]]:
    start, end = month_bounds(first)[0], month_bounds(next_month(last))[0]
    return list(
        Case.objects.filter(
            received_at__gte=start,
            received_at__lt=end,
            excluded=False,
            satisfaction__in=ANSWERED,
            lead_unit__isnull=False,
        )
        .exclude(status=Status.MERGED)
        .values_list(
            "lead_unit_id",
            "category__code",
            "kind",
            "callback_resolved",
            "satisfaction",
            "received_at",
        )
    )


def _features(rows: list[tuple[Any, ...]]) -> list[dict[str, str]]:
    return [{"category": code or "", "kind": kind} for _, code, kind, *_ in rows]


def _fit(features: list[dict[str, str]], target: np.ndarray) -> Any:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    if len(set(target.tolist())) < 2:  # everyone resolved (or no one): nothing to learn
        return None
    model = make_pipeline(DictVectorizer(), LogisticRegression(C=1.0, max_iter=1000))
    model.fit(features, target)
    return model


def _predict(model: Any, features: list[dict[str, str]], target: np.ndarray) -> np.ndarray:
    if model is None:
        return np.full(len(features), float(target.mean()) if len(target) else 0.0)
    return model.predict_proba(features)[:, 1]


def _compare(observed: np.ndarray, expected: np.ndarray) -> Comparison:
    n = len(observed)
    spread = math.sqrt(float(np.sum(expected * (1 - expected)))) / n
    return Comparison(
        observed=round(100 * float(observed.mean()), 1),
        expected=round(100 * float(expected.mean()), 1),
        difference=round(100 * float(observed.mean() - expected.mean()), 1),
        margin=round(100 * Z95 * spread, 1),
    )


def adjusted(month: dt.date, group: str = "subdistrict") -> list[UnitResult]:
    """Each unit of ``group`` in ``month``: observed against expected (cached for an hour)."""
    key = f"hotline-casemix-{month:%Y-%m}-{group}-{conf.ranking_min_cases()}"
    found = cache.get(key)
    if found is None:
        found = _adjusted(month, group)
        cache.set(key, found, 3600)
    return found


def _adjusted(month: dt.date, group: str) -> list[UnitResult]:
    period = reports.twelve_months_to(month)
    rows = _rows(period.first, period.last)
    if not rows:
        return []
    features = _features(rows)
    resolved = np.array([r[3] is True for r in rows], dtype=float)
    satisfied = np.array([r[4] != Satisfaction.DISSATISFIED for r in rows], dtype=float)
    expected_resolved = _predict(_fit(features, resolved), features, resolved)
    expected_satisfied = _predict(_fit(features, satisfied), features, satisfied)
    start, end = month_bounds(month)
    in_month = np.array([start <= r[5] < end for r in rows])
    units = np.array([r[0] for r in rows])
    kind = reports.RANKING_GROUPS[group]
    candidates = Organisation.objects.in_bulk(list(set(units[in_month].tolist())), field_name="id")
    least = conf.ranking_min_cases()
    results = []
    for unit_id, unit in candidates.items():
        if unit.kind != kind:
            continue
        mine = in_month & (units == unit_id)
        n = int(mine.sum())
        if n < least:
            continue
        results.append(
            UnitResult(
                unit=unit,
                answered=n,
                resolution=_compare(resolved[mine], expected_resolved[mine]),
                satisfaction=_compare(satisfied[mine], expected_satisfied[mine]),
            )
        )
    return sorted(results, key=lambda r: (-r.score, r.unit.code))


def clear_cache(month: dt.date) -> None:
    for group in reports.RANKING_GROUPS:
        cache.delete(f"hotline-casemix-{month:%Y-%m}-{group}-{conf.ranking_min_cases()}")
