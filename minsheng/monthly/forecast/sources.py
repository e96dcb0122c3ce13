"""Where a forecast's cases, calendar and categories come from when it reads the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count
from django.db.models.functions import TruncDate

from minsheng.cases.casefile import BEIJING
from minsheng.cases.categories import CategoryIndex, Entry
from minsheng.hotline.workdays import Calendar, calendar
from minsheng.monthly.conf import forecast_settings
from minsheng.monthly.forecast.engine import (
    AlertRule,
    CategoryNames,
    DayCount,
    Forecast,
    Progress,
    forecast_history,
    weekly_history,
)


def alert_rule() -> AlertRule:
    config = forecast_settings()
    return AlertRule(
        weeks=int(config["ALERT_WEEKS"]),
        margin=float(config["ALERT_MARGIN"]),
        min_extra=float(config["ALERT_MIN_EXTRA"]),
    )


def database_day_counts(until: dt.date) -> Iterator[DayCount]:
    """Cases received up to ``until`` (included), counted by PostgreSQL per Beijing day,
    district and category: the forecast needs no more of them."""
    from minsheng.hotline.models import Case

    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=BEIJING)
    rows = (
        Case.objects.filter(received_at__lt=end)
        .annotate(day=TruncDate("received_at", tzinfo=BEIJING))
        .values_list("day", "district__name", "category__code")
        .annotate(cases=Count("id"))
        .order_by()
    )
    yield from rows.iterator(chunk_size=5000)


def database_calendar_and_categories() -> tuple[Calendar, CategoryNames]:
    """The office's working-day calendar and its taxonomy (resolved as the importer does)."""
    from minsheng.hotline.models import Category

    index = CategoryIndex(
        Entry(code, name, name_en or "", parent or "")
        for code, name, name_en, parent in Category.objects.values_list(
            "code", "name", "name_en", "parent__code"
        )
    )
    return calendar(), CategoryNames(index)


def database_forecast(
    *, until: dt.date, by: str, weeks: int, progress: Progress | None = None
) -> Forecast:
    """The forecast of the cases in the database, up to ``until`` (included)."""
    calendar_now, categories = database_calendar_and_categories()
    history = weekly_history(database_day_counts(until), by=by, until=until, categories=categories)
    return forecast_history(
        history, weeks=weeks, calendar=calendar_now, alert_rule=alert_rule(), progress=progress
    )
