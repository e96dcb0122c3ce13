"""What the calendar tells a forecast about a week: holidays, adjusted working days, the season.

Holidays and adjusted working days (调休) come from the hotline's own working-day calendar
(:mod:`minsheng.hotline.workdays`: the official table with the office's exceptions), so that the
forecast and the deadlines agree on which days are worked. The Spring Festival moves with the
lunar calendar and weighs more than any other holiday (wage arrears before it, quiet during it),
so it has features of its own, placed by the date of the lunar new year, which is known for years
the official table does not cover yet.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

from minsheng.hotline.workdays import Calendar

WEEK = dt.timedelta(days=7)
# Yearly seasonality as Fourier terms of the day of the year: six harmonics follow a season
# that rises and falls within a few weeks (heating in November, the July rains); fewer smooth
# such peaks away, and the fit's ridge keeps more from chasing noise.
HARMONICS = 6
# The Spring Festival holiday: New Year's Eve and the first days of the year.
FESTIVAL_BEFORE, FESTIVAL_AFTER = 1, 6
# The weeks before it, when wage arrears and travel home fill the lines.
EVE_DAYS = 28

# 正月初一 (the lunar new year) by Gregorian year.
LUNAR_NEW_YEAR = {
    year: dt.date(year, month, day)
    for year, month, day in (
        (2000, 2, 5), (2001, 1, 24), (2002, 2, 12), (2003, 2, 1), (2004, 1, 22),
        (2005, 2, 9), (2006, 1, 29), (2007, 2, 18), (2008, 2, 7), (2009, 1, 26),
        (2010, 2, 14), (2011, 2, 3), (2012, 1, 23), (2013, 2, 10), (2014, 1, 31),
        (2015, 2, 19), (2016, 2, 8), (2017, 1, 28), (2018, 2, 16), (2019, 2, 5),
        (2020, 1, 25), (2021, 2, 12), (2022, 2, 1), (2023, 1, 22), (2024, 2, 10),
        (2025, 1, 29), (2026, 2, 17), (2027, 2, 6), (2028, 1, 26), (2029, 2, 13),
        (2030, 2, 3), (2031, 1, 23), (2032, 2, 11), (2033, 1, 31), (2034, 2, 19),
        (2035, 2, 8), (2036, 1, 28), (2037, 2, 15), (2038, 2, 4), (2039, 1, 24),
        (2040, 2, 12), (2041, 2, 1), (2042, 1, 22), (2043, 2, 10), (2044, 1, 30),
        (2045, 2, 17),
    )
}  # fmt: skip

FEATURES = (
    "trend",
    *(f"{kind}{k}" for k in range(1, HARMONICS + 1) for kind in ("sin", "cos")),
    "holiday_days",
    "adjusted_days",
    "festival_days",
    "festival_eve",
)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def festival_days(day: dt.date) -> bool:
    """Whether ``day`` is within the Spring Festival holiday (eve to the sixth day)."""
    for year in (day.year, day.year + 1):
        new_year = LUNAR_NEW_YEAR.get(year)
        if new_year and -FESTIVAL_BEFORE <= (day - new_year).days <= FESTIVAL_AFTER:
            return True
    return False


def festival_eve(day: dt.date) -> bool:
    """Whether ``day`` falls in the four weeks before the Spring Festival holiday."""
    for year in (day.year, day.year + 1):
        new_year = LUNAR_NEW_YEAR.get(year)
        if new_year and 0 < (new_year - day).days - FESTIVAL_BEFORE <= EVE_DAYS:
            return True
    return False


def week_features(weeks: list[dt.date], calendar: Calendar, origin: dt.date) -> np.ndarray:
    """One row of :data:`FEATURES` per week (its Monday); ``origin`` is where the trend starts."""
    rows = np.zeros((len(weeks), len(FEATURES)))
    for index, start in enumerate(weeks):
        days = [start + dt.timedelta(days=n) for n in range(7)]
        middle = days[3]  # Thursday: the week's place in the year
        angle = 2 * math.pi * (middle.timetuple().tm_yday - 1) / 365.25
        seasonal = [f(k * angle) for k in range(1, HARMONICS + 1) for f in (math.sin, math.cos)]
        festival = [festival_days(day) for day in days]
        holidays = sum(
            1
            for day, in_festival in zip(days, festival, strict=True)
            if day.weekday() < 5 and not in_festival and not calendar.is_working(day)
        )
        adjusted = sum(1 for day in days if day.weekday() >= 5 and calendar.is_working(day))
        rows[index] = [
            (start - origin).days / 365.25,
            *seasonal,
            holidays,
            adjusted,
            sum(festival),
            sum(festival_eve(day) for day in days) / 7,
        ]
    return rows
