"""Years of cases with a known season, holidays and trend: for testing and benchmarking forecasts.

Each (district, category) has a base daily volume shaped by the seasons Beijing's hotline knows:
heating complaints in November and through the winter, drains in the July rains, wage arrears in
the weeks before the Spring Festival, school places in spring. Days off (weekends, holidays) get
fewer calls, adjusted working days (调休) as many as a weekday, the Spring Festival fewest of all,
and every group grows a little each year. Daily counts are Poisson draws around that rate.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from minsheng.cases.casefile import BEIJING, CaseWriter
from minsheng.hotline.workdays import Calendar
from minsheng.monthly.forecast.calendar import festival_days, festival_eve
from minsheng.monthly.forecast.engine import DayCount

DISTRICTS = ("东城区", "朝阳区", "海淀区")
DAY_OFF, FESTIVAL = 0.45, 0.25
GROWTH = 0.08  # a year


def _peak(day: dt.date, centre: int, width: float) -> float:
    """A bump around day-of-year ``centre`` that wraps around the new year."""
    distance = abs(day.timetuple().tm_yday - centre)
    distance = min(distance, 365 - distance)
    return math.exp(-((distance / width) ** 2))


def _season(category: str, day: dt.date) -> float:
    if category == "06":  # heating: the first cold weeks, then the winter
        return 0.4 + 3.0 * _peak(day, 318, 18) + 1.2 * _peak(day, 15, 45)
    if category == "08":  # drains: the July rains
        return 0.5 + 3.5 * _peak(day, 200, 14)
    if category == "14":  # wages: before the Spring Festival
        return 1.0 + (2.5 if festival_eve(day) else 0.0)
    if category == "15":  # school places: spring
        return 0.7 + 2.0 * _peak(day, 95, 16)
    return 1.0


CATEGORIES = {"06": 2.0, "08": 1.5, "14": 1.5, "15": 1.2, "03": 3.0}


def daily_rate(
    district: int, category: str, day: dt.date, calendar: Calendar, origin: dt.date
) -> float:
    base = CATEGORIES[category] * (1.0 + 0.3 * district)
    rate = base * _season(category, day) * (1 + GROWTH) ** ((day - origin).days / 365.25)
    if festival_days(day):
        return rate * FESTIVAL
    return rate if calendar.is_working(day) else rate * DAY_OFF


def day_counts(
    start: dt.date, end: dt.date, *, seed: int = 1, scale: float = 1.0
) -> Iterator[DayCount]:
    """(day, district, category code, cases) for every day from ``start`` to ``end``."""
    rng = np.random.default_rng(seed)
    calendar = Calendar()
    day = start
    while day <= end:
        for index, district in enumerate(DISTRICTS):
            for category in CATEGORIES:
                rate = daily_rate(index, category, day, calendar, start) * scale
                cases = int(rng.poisson(rate))
                if cases:
                    yield day, district, category, cases
        day += dt.timedelta(days=1)


def write_cases(
    path: Path, start: dt.date, end: dt.date, *, seed: int = 1, scale: float = 1.0
) -> int:
    """The cases of :func:`day_counts` as a case file (CSV); returns how many."""
    written = 0
    with CaseWriter(path) as writer:
        for day, district, category, cases in day_counts(start, end, seed=seed, scale=scale):
            received = dt.datetime.combine(day, dt.time(9), tzinfo=BEIJING)
            for n in range(cases):
                written += 1
                writer.write(
                    {
                        "number": f"F{written:09d}",
                        "received_at": received + dt.timedelta(minutes=n % 600),
                        "district": district,
                        "category": category,
                        "content": "来电反映情况",
                    }
                )
    return written
