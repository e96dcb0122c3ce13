"""The forecast on years with a known season, holidays and trend: it must beat both simple rules."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from chinese_calendar.constants import Holiday

from minsheng.hotline.workdays import Calendar
from minsheng.monthly.forecast import synthetic
from minsheng.monthly.forecast.calendar import LUNAR_NEW_YEAR, festival_days, festival_eve
from minsheng.monthly.forecast.engine import (
    AlertRule,
    CategoryNames,
    Forecast,
    forecast_history,
    weekly_history,
)
from tests.monthly.forecast.conftest import FIRST_DAY


def forecast(until: dt.date, weeks: int, *, by: str = "category,district") -> Forecast:
    days = synthetic.day_counts(FIRST_DAY, until + dt.timedelta(days=10), seed=3)
    history = weekly_history(days, by=by, until=until)
    return forecast_history(history, weeks=weeks, calendar=Calendar())


@pytest.mark.parametrize(
    ("until", "weeks"),
    [
        (dt.date(2024, 12, 29), 12),  # the heating season's start
        (dt.date(2025, 2, 23), 8),  # the Spring Festival, 12 days earlier than the year before
        (dt.date(2024, 8, 4), 6),  # the July rains
    ],
)
def test_the_backtest_beats_both_baselines_by_a_tenth(until, weeks):
    backtest = forecast(until, weeks).backtest
    assert backtest is not None
    assert backtest.weeks == weeks
    better_baseline = min(backtest.same_week_last_year, backtest.last_four_weeks)
    assert backtest.model <= 0.9 * better_baseline
    assert 0.7 <= backtest.coverage <= 0.9


def test_the_weeks_start_on_the_monday_after_the_history():
    result = forecast(dt.date(2024, 6, 30), 3)  # a Sunday
    weeks = sorted({row.week_start for row in result.rows})
    assert weeks == ["2024-07-01", "2024-07-08", "2024-07-15"]
    assert len(result.rows) == len(synthetic.DISTRICTS) * len(synthetic.CATEGORIES) * 3
    assert all(row.low <= row.expected <= row.high for row in result.rows)
    assert result.summary["history_to"] == "2024-06-30"


def test_a_week_under_way_is_forecast_rather_than_counted():
    result = forecast(dt.date(2024, 7, 3), 2)  # a Wednesday
    assert result.summary["history_to"] == "2024-06-30"
    assert sorted({row.week_start for row in result.rows}) == ["2024-07-01", "2024-07-08"]


def test_the_national_day_week_is_expected_quieter():
    result = forecast(dt.date(2024, 9, 22), 4)
    expected = {
        row.week_start: row.expected
        for row in result.rows
        if row.district == "朝阳区" and row.category == "物业管理"
    }
    assert expected["2024-09-30"] < 0.75 * expected["2024-10-14"]


def test_heating_before_the_cold_becomes_a_proactive_item():
    result = forecast(dt.date(2024, 10, 20), 4)
    raised = {(alert.district, alert.category) for alert in result.alerts}
    assert {("东城区", "供暖"), ("朝阳区", "供暖"), ("海淀区", "供暖")} <= raised
    assert not any(category == "物业管理" for _, category in raised)
    assert all(alert.expected >= 1.25 * alert.usual for alert in result.alerts)


def test_a_stricter_margin_raises_fewer_items():
    days = list(synthetic.day_counts(FIRST_DAY, dt.date(2024, 10, 20), seed=3))
    history = weekly_history(days, by="category", until=dt.date(2024, 10, 20))
    loose = forecast_history(history, weeks=4, calendar=Calendar(), alert_rule=AlertRule())
    strict = forecast_history(
        history, weeks=4, calendar=Calendar(), alert_rule=AlertRule(margin=5.0)
    )
    assert loose.alerts
    assert not strict.alerts


def test_groups_by_district_alone_leave_the_category_empty():
    result = forecast(dt.date(2024, 6, 30), 1, by="district")
    assert {row.district for row in result.rows} == set(synthetic.DISTRICTS)
    assert {row.category for row in result.rows} == {None}


def test_a_short_history_gives_no_backtest_but_a_forecast():
    days = synthetic.day_counts(dt.date(2024, 6, 3), dt.date(2024, 6, 30), seed=3)
    history = weekly_history(days, by="district", until=None)
    result = forecast_history(history, weeks=4, calendar=Calendar())
    assert result.backtest is None
    assert len(result.rows) == 3 * 4


def test_no_cases_give_no_forecast():
    result = forecast_history(
        weekly_history([], by="district", until=None), weeks=4, calendar=Calendar()
    )
    assert result.rows == []
    assert result.backtest is None


def test_categories_resolve_to_the_first_level_as_the_importer_does():
    names = CategoryNames()
    assert names("060101") == "供暖"
    assert names("供暖/供暖质量/室温不达标") == "供暖"
    assert names("室温不达标") == "供暖"
    assert names("no such category") is None
    assert names(None) is None


def test_the_lunar_new_year_table_agrees_with_the_official_calendar():
    first, last = min(chinese_calendar.constants.holidays).year, 2026
    for year in range(first, last + 1):
        on_holiday, holiday = chinese_calendar.get_holiday_detail(LUNAR_NEW_YEAR[year])
        assert on_holiday
        assert holiday == Holiday.spring_festival.value, year


def test_the_festival_and_its_eve_fall_around_the_lunar_new_year():
    assert festival_days(dt.date(2025, 1, 28))  # New Year's Eve
    assert festival_days(dt.date(2025, 2, 4))
    assert not festival_days(dt.date(2025, 2, 5))
    assert festival_eve(dt.date(2025, 1, 10))
    assert not festival_eve(dt.date(2025, 1, 28))
    assert not festival_eve(dt.date(2024, 12, 20))
