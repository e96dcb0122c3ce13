"""Weekly case forecasts per district and category, with a backtest and proactive items (未诉先办).

The history is counted in whole weeks (Monday to Sunday, Beijing time) per group. Each group's
weekly counts are fitted by a Poisson regression (scikit-learn) on the week's calendar
(:mod:`.calendar`: yearly seasonality, holidays, adjusted working days, the Spring Festival) and a
linear trend. The 80% interval of a week is the 10th to 90th percentile of a negative binomial
around the expected count, its spread taken from how far the history strays from the fit.

Every run also holds the last weeks of the history out, fits on the rest and measures the
weighted absolute percentage error (WAPE: all absolute errors over all cases) of the model and of
two baselines, the same week a year before and the mean of the last four weeks, so that the
office sees whether the forecast deserves more trust than a glance at last year.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from scipy import stats
from sklearn import config_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import PoissonRegressor
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from minsheng.cases.casefile import BEIJING, CaseRecord
from minsheng.cases.categories import CategoryIndex, default_index, top_code
from minsheng.cases.partitions import Partitioning, fold_cases
from minsheng.hotline.workdays import Calendar
from minsheng.monthly.forecast.calendar import FEATURES, WEEK, monday, week_features

BY_CHOICES = ("district", "category", "category,district")
MAX_WEEKS = 52
YEAR_WEEKS = 52  # the same week a year before: 364 days, the same weekday
INTERVAL = (0.1, 0.9)  # an 80% interval
SEASONAL = [i for i, name in enumerate(FEATURES) if name.startswith(("sin", "cos"))]
# Below these lengths of history, the season (a year) or everything but the level (a few
# weeks) cannot be learnt, and the columns are left out rather than guessed.
MIN_SEASON_WEEKS, MIN_FIT_WEEKS = 52, 8
ALPHA = 1e-3  # a touch of ridge: keeps sparse groups' fits finite

Progress = Callable[[str, int, int | None], None]
Group = tuple[str | None, str | None]  # (district, category)


@dataclass(frozen=True, slots=True)
class WeekForecast:
    week_start: str
    district: str | None
    category: str | None
    expected: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Backtest:
    """How the model and the two baselines did on the held-out last weeks of the history."""

    weeks: int
    actual: int
    model: float | None
    same_week_last_year: float | None
    last_four_weeks: float | None
    coverage: float | None  # share of held-out weeks inside their 80% interval


@dataclass(frozen=True, slots=True)
class ProactiveAlert:
    """A group whose next weeks are expected to exceed its usual volume by the set margin."""

    district: str | None
    category: str | None
    first_week: str
    weeks: int
    expected: float
    usual: float

    @property
    def rise(self) -> float:
        return self.expected / self.usual - 1 if self.usual else float("inf")


@dataclass(slots=True)
class Forecast:
    rows: list[WeekForecast]
    backtest: Backtest | None
    alerts: list[ProactiveAlert]
    summary: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> list[dict[str, Any]]:
        return [asdict(row) for row in self.rows]


@dataclass(frozen=True, slots=True)
class AlertRule:
    weeks: int = 4
    margin: float = 0.25
    min_extra: float = 10.0


@dataclass(slots=True)
class History:
    """Weekly counts per group over consecutive whole weeks."""

    weeks: list[dt.date]
    counts: dict[Group, np.ndarray]
    cases: int = 0
    skipped: int = 0


# --- Counting --------------------------------------------------------------------------------


class CategoryNames:
    """The first level of the taxonomy for a category given as the importer accepts it."""

    def __init__(self, index: CategoryIndex | None = None) -> None:
        self.index = index or default_index()
        self._cache: dict[str, str | None] = {}

    def __call__(self, text: str | None) -> str | None:
        if not text:
            return None
        if text not in self._cache:
            code = self.index.code_of(text)
            entry = self.index.entries.get(top_code(code)) if code else None
            self._cache[text] = entry.name if entry else None
        return self._cache[text]


def count_weeks(
    records: Iterable[object],
    *,
    by: str,
    until: dt.date | None,
    categories: CategoryNames | None = None,
    progress: Progress | None = None,
    partitioning: Partitioning | None = None,
) -> History:
    """Whole weeks up to ``until`` (default: the last day with a case), counted per group.

    The cases are counted per day in partitions (on Dask for large inputs, see
    :mod:`minsheng.cases.partitions`); the weeks and groups are made here from those counts.
    """
    counted = fold_cases(
        records,
        count_days,
        start=DayCounts,
        fold=DayCounts.add,
        partitioning=partitioning,
        progress=(lambda done: progress("read", done, None)) if progress else None,
    )
    history = weekly_history(counted.rows(), by=by, until=until, categories=categories)
    history.skipped = counted.skipped
    return history


@dataclass(slots=True)
class DayCounts:
    """Cases per Beijing day, district and category as written, and the rows that were none."""

    cases: Counter[tuple[dt.date, str | None, str | None]] = field(default_factory=Counter)
    skipped: int = 0

    def add(self, other: DayCounts) -> None:
        self.cases.update(other.cases)
        self.skipped += other.skipped

    def rows(self) -> Iterator[DayCount]:
        for (day, district, category), number in self.cases.items():
            yield day, district, category, number


def count_days(records: Iterable[object]) -> DayCounts:
    """The day counts of some of the cases (on a worker, or of all of them here)."""
    counted = DayCounts()
    cases = counted.cases
    for record in records:
        if isinstance(record, CaseRecord):
            day = record.received_at.astimezone(BEIJING).date()
            cases[(day, record.district, record.category)] += 1
        else:
            counted.skipped += 1
    return counted


DayCount = tuple[dt.date, "str | None", "str | None", int]  # day, district, category text, cases


def weekly_history(
    rows: Iterable[DayCount],
    *,
    by: str,
    until: dt.date | None,
    categories: CategoryNames | None = None,
) -> History:
    """Whole weeks up to ``until`` from counts per day, district and category as given."""
    categories = categories or CategoryNames()
    daily: dict[Group, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    cases = 0
    for day, district_text, category_text, number in rows:
        if until is not None and day > until:
            continue
        district = (district_text or None) if "district" in by else None
        category = categories(category_text) if "category" in by else None
        daily[(district, category)][day] += number
        cases += number
    days = [day for group in daily.values() for day in group]
    if not days:
        return History([], {}, 0)
    last = until or max(days)
    first = min(days)
    start = first if first.weekday() == 0 else monday(first) + WEEK
    weeks: list[dt.date] = []
    while start + dt.timedelta(days=6) <= last:
        weeks.append(start)
        start += WEEK
    position = {week: index for index, week in enumerate(weeks)}
    counts: dict[Group, np.ndarray] = {}
    for group, per_day in daily.items():
        series = np.zeros(len(weeks))
        for day, number in per_day.items():
            index = position.get(monday(day))
            if index is not None:
                series[index] += number
        counts[group] = series
    return History(weeks, counts, cases)


# --- Fitting ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupFit:
    expected: np.ndarray
    low: np.ndarray
    high: np.ndarray


def fit_group(history: np.ndarray, features: np.ndarray, future: np.ndarray) -> GroupFit:
    """Expected counts and 80% intervals of the ``future`` weeks from one group's history."""
    if not history.any():
        zeros = np.zeros(len(future))
        return GroupFit(zeros, zeros, zeros)
    if len(history) < MIN_FIT_WEEKS:
        expected = np.full(len(future), history.mean())
        return GroupFit(expected, *_interval(expected, max(history.var() / history.mean(), 1)))
    columns = _usable_columns(len(history))
    model = PoissonRegressor(alpha=ALPHA, solver="newton-cholesky", max_iter=100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(features[:, columns], history)
    # The log link by hand: predict() would check the arrays again, twice per group.
    fitted = np.exp(features[:, columns] @ model.coef_ + model.intercept_)
    expected = np.exp(future[:, columns] @ model.coef_ + model.intercept_)
    freedom = max(len(history) - len(columns) - 1, 1)
    dispersion = float(np.sum((history - fitted) ** 2 / np.maximum(fitted, 1e-9)) / freedom)
    return GroupFit(expected, *_interval(expected, max(dispersion, 1.0)))


def _usable_columns(weeks: int) -> list[int]:
    if weeks >= MIN_SEASON_WEEKS:
        return list(range(len(FEATURES)))
    return [i for i in range(len(FEATURES)) if i not in SEASONAL]


def _interval(expected: np.ndarray, dispersion: float) -> tuple[np.ndarray, np.ndarray]:
    """10th and 90th percentiles: Poisson, or negative binomial with variance ``dispersion``·μ."""
    mean = np.maximum(expected, 1e-9)
    if dispersion <= 1.01:
        low, high = (stats.poisson.ppf(q, mean) for q in INTERVAL)
    else:
        size = mean / (dispersion - 1)
        low, high = (stats.nbinom.ppf(q, size, 1 / dispersion) for q in INTERVAL)
    return np.asarray(low, dtype=float), np.asarray(high, dtype=float)


def forecast_history(
    history: History,
    *,
    weeks: int,
    calendar: Calendar,
    alert_rule: AlertRule | None = None,
    progress: Progress | None = None,
) -> Forecast:
    """The next ``weeks`` weeks of every group, the backtest and the proactive items."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be between 1 and {MAX_WEEKS}")
    if not history.weeks:
        return Forecast([], None, [], _summary(history, []))
    origin = history.weeks[0]
    future_weeks = [history.weeks[-1] + WEEK * (n + 1) for n in range(weeks)]
    # Scaled once for all groups (the ridge needs comparable columns): the calendar is the same.
    features = StandardScaler().fit_transform(
        week_features(history.weeks + future_weeks, calendar, origin)
    )
    if not np.isfinite(features).all():
        raise ValueError("The calendar features of the weeks are not all finite.")
    past, future = features[: len(history.weeks)], features[len(history.weeks) :]
    groups = sorted(history.counts, key=lambda g: (g[0] or "", g[1] or ""))
    fits: dict[Group, GroupFit] = {}
    # Hundreds of small fits: one thread each, as OpenMP's start-up costs more than the fit,
    # and the features are checked once here rather than in every fit.
    with (
        threadpool_limits(limits=1),
        config_context(assume_finite=True, skip_parameter_validation=True),
    ):
        for done, group in enumerate(groups, 1):
            fits[group] = fit_group(history.counts[group], past, future)
            if progress:
                progress("fit", done, len(groups))
        backtest = run_backtest(history, features=past, groups=groups, weeks=weeks)
    rows = [
        WeekForecast(
            week_start=week.isoformat(),
            district=group[0],
            category=group[1],
            expected=round(float(fits[group].expected[n]), 1),
            low=float(fits[group].low[n]),
            high=float(fits[group].high[n]),
        )
        for group in groups
        for n, week in enumerate(future_weeks)
    ]
    alerts = find_alerts(history, fits, future_weeks, alert_rule or AlertRule())
    return Forecast(rows, backtest, alerts, _summary(history, future_weeks))


def _summary(history: History, future_weeks: list[dt.date]) -> dict[str, Any]:
    return {
        "cases": history.cases,
        "skipped": history.skipped,
        "groups": len(history.counts),
        "history_weeks": len(history.weeks),
        "history_from": history.weeks[0].isoformat() if history.weeks else None,
        "history_to": (history.weeks[-1] + dt.timedelta(days=6)).isoformat()
        if history.weeks
        else None,
        "forecast_from": future_weeks[0].isoformat() if future_weeks else None,
    }


# --- Backtest --------------------------------------------------------------------------------


def run_backtest(
    history: History, *, features: np.ndarray, groups: list[Group], weeks: int
) -> Backtest | None:
    """WAPE of the model and of both baselines on the last ``weeks`` weeks, held out."""
    train = len(history.weeks) - weeks
    if train < max(MIN_FIT_WEEKS, weeks):
        return None
    errors = {"model": 0.0, "last_year": 0.0, "last_four": 0.0}
    actual_total = inside = 0.0
    last_year_known = train >= YEAR_WEEKS
    for group in groups:
        series = history.counts[group]
        actual = series[train:]
        fit = fit_group(series[:train], features[:train], features[train:])
        errors["model"] += float(np.abs(actual - fit.expected).sum())
        inside += float(((fit.low <= actual) & (actual <= fit.high)).sum())
        if last_year_known:
            year_before = series[train - YEAR_WEEKS : train - YEAR_WEEKS + weeks]
            errors["last_year"] += float(np.abs(actual - year_before).sum())
        errors["last_four"] += float(np.abs(actual - series[train - 4 : train].mean()).sum())
        actual_total += float(actual.sum())

    def wape(error: float) -> float | None:
        return round(error / actual_total, 4) if actual_total else None

    return Backtest(
        weeks=weeks,
        actual=int(actual_total),
        model=wape(errors["model"]),
        same_week_last_year=wape(errors["last_year"]) if last_year_known else None,
        last_four_weeks=wape(errors["last_four"]),
        coverage=round(inside / (len(groups) * weeks), 4) if groups else None,
    )


# --- Proactive items -------------------------------------------------------------------------


def find_alerts(
    history: History,
    fits: dict[Group, GroupFit],
    future_weeks: list[dt.date],
    rule: AlertRule,
) -> list[ProactiveAlert]:
    """Groups whose next weeks exceed their usual volume (the last year's weekly mean) by the
    margin and by at least ``min_extra`` cases, the largest rise in cases first."""
    window = min(rule.weeks, len(future_weeks))
    alerts = []
    for group, fit in fits.items():
        recent = history.counts[group][-YEAR_WEEKS:]
        usual = float(recent.mean()) * window
        expected = float(fit.expected[:window].sum())
        if expected >= usual * (1 + rule.margin) and expected - usual >= rule.min_extra:
            alerts.append(
                ProactiveAlert(
                    district=group[0],
                    category=group[1],
                    first_week=future_weeks[0].isoformat(),
                    weeks=window,
                    expected=round(expected, 1),
                    usual=round(usual, 1),
                )
            )
    return sorted(alerts, key=lambda a: (a.usual - a.expected, a.district or "", a.category or ""))


def forecast_cases(
    records: Iterable[object],
    *,
    by: str,
    weeks: int,
    until: dt.date | None = None,
    calendar: Calendar | None = None,
    categories: CategoryNames | None = None,
    alert_rule: AlertRule | None = None,
    progress: Progress | None = None,
    partitioning: Partitioning | None = None,
) -> Forecast:
    """Count, fit, backtest and alert: the whole forecast from a stream of case records."""
    if by not in BY_CHOICES:
        raise ValueError(f"by must be one of {BY_CHOICES}")
    history = count_weeks(
        records,
        by=by,
        until=until,
        categories=categories,
        progress=progress,
        partitioning=partitioning,
    )
    return forecast_history(
        history,
        weeks=weeks,
        calendar=calendar or Calendar(),
        alert_rule=alert_rule,
        progress=progress,
    )
