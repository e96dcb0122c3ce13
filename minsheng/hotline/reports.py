"""Reading the monthly aggregates for the rankings, the leaders' dashboard and the focus areas.

Pages read only the pre-aggregated tables (filled by ``update-hotline-stats``), each figure with
one grouped query, so the pages stay fast on a year of a million cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Max, QuerySet, Sum
from django.db.models.functions import Coalesce

from minsheng.core.i18n import english_active
from minsheng.hotline import conf
from minsheng.hotline.models import DistrictMonth, DistrictVolumeMonth, Kind, UnitMonth, VolumeMonth
from minsheng.hotline.stats import COUNT_FIELDS, dicts, month_start, rates
from minsheng.people.models import Organisation

RANKING_GROUPS = {
    "subdistrict": Organisation.Kind.SUBDISTRICT_OFFICE,
    "department": Organisation.Kind.MUNICIPAL_DEPARTMENT,
    "company": Organisation.Kind.PUBLIC_SERVICE_COMPANY,
    "district_office": Organisation.Kind.DISTRICT_OFFICE,
}


def name(row: dict[str, Any], prefix: str) -> str:
    """The bilingual name of a grouped row's related object."""
    english = row.get(f"{prefix}__name_en")
    return english if english_active() and english else row.get(f"{prefix}__name") or "—"


def latest_month() -> dt.date | None:
    return DistrictMonth.objects.aggregate(latest=Max("month"))["latest"]


def last_full_month(today: dt.date | None = None) -> dt.date | None:
    """The latest month with figures that is over (the running month has too few cases)."""
    from django.utils import timezone

    running = (today or timezone.localdate()).replace(day=1)
    found = DistrictMonth.objects.filter(month__lt=running).aggregate(latest=Max("month"))
    return found["latest"] or latest_month()


def months_back(last: dt.date, count: int) -> list[dt.date]:
    months = [last]
    while len(months) < count:
        months.insert(0, month_start(months[0] - dt.timedelta(days=1)))
    return months


@dataclass
class Period:
    first: dt.date
    last: dt.date

    @property
    def months(self) -> list[dt.date]:
        result, month = [], self.first
        while month <= self.last:
            result.append(month)
            month = month_start(month + dt.timedelta(days=32))
        return result


def years_with_data() -> list[int]:
    months = DistrictMonth.objects.dates("month", "year")
    return [month.year for month in months]


def chosen_period(year: str | None) -> Period | None:
    """A calendar year (``?year=2025``) or, by default, the twelve months up to the latest."""
    if year and year.isdigit() and 2000 <= int(year) <= 2100:
        return Period(dt.date(int(year), 1, 1), dt.date(int(year), 12, 1))
    return last_twelve_months()


def last_twelve_months(last: dt.date | None = None) -> Period | None:
    last = last or latest_month()
    return None if last is None else twelve_months_to(last)


def twelve_months_to(last: dt.date) -> Period:
    return Period(months_back(last, 12)[0], last)


# --- Rankings -----------------------------------------------------------------------------------


def unit_ranking(month: dt.date, group: str, district_id: int | None = None) -> QuerySet[UnitMonth]:
    rows = UnitMonth.objects.filter(month=month, unit_kind=RANKING_GROUPS[group]).select_related(
        "unit", "district"
    )
    if district_id:
        rows = rows.filter(district_id=district_id)
        return rows.order_by(F("rank_district").asc(nulls_last=True), "unit__code")
    return rows.order_by(F("rank_city").asc(nulls_last=True), "unit__code")


def district_ranking(month: dt.date) -> QuerySet[DistrictMonth]:
    return (
        DistrictMonth.objects.filter(month=month)
        .select_related("district")
        .order_by(F("rank_city").asc(nulls_last=True), "district__code")
    )


def lowest(month: dt.date, group: str, count: int = 10) -> list[UnitMonth]:
    rows = UnitMonth.objects.filter(
        month=month, unit_kind=RANKING_GROUPS[group], composite__isnull=False
    ).select_related("unit", "district")
    return list(rows.order_by("composite", "unit__code")[:count])


def city_trend(period: Period) -> list[dict[str, Any]]:
    """Citywide counts and rates per month (sums over the districts)."""
    grouped = (
        DistrictMonth.objects.filter(month__gte=period.first, month__lte=period.last)
        .values("month")
        .annotate(**{f: Coalesce(Sum(f), 0) for f in COUNT_FIELDS})
        .order_by("month")
    )
    found = {row["month"]: row for row in dicts(grouped)}
    empty = dict.fromkeys(COUNT_FIELDS, 0)
    return [
        {**found.get(month, empty), "month": month, **rates(found.get(month, empty))}
        for month in period.months
    ]


# --- Dashboards ---------------------------------------------------------------------------------


def volume(period: Period, *, top_category: str | None = None) -> QuerySet[VolumeMonth]:
    rows = VolumeMonth.objects.filter(month__gte=period.first, month__lte=period.last)
    return rows.filter(top_category=top_category) if top_category else rows


def overview_volume(period: Period) -> QuerySet[DistrictVolumeMonth]:
    """The volumes by district, top category and kind: what the overview shows, from a table
    of a few thousand rows a month (``VolumeMonth`` has tens of thousands on a city's volume)."""
    return DistrictVolumeMonth.objects.filter(month__gte=period.first, month__lte=period.last)


def by_kind(rows: QuerySet[Any]) -> list[tuple[str, int]]:
    labels = dict(Kind.choices)
    grouped = rows.values("kind").annotate(total=Sum("cases")).order_by("-total")
    return [(str(labels.get(row["kind"], row["kind"])), row["total"]) for row in dicts(grouped)]


def by_top_category(rows: QuerySet[Any], limit: int = 12) -> list[tuple[str, int]]:
    from minsheng.hotline.models import Category

    grouped = list(rows.values("top_category").annotate(total=Sum("cases")).order_by("-total"))
    names = {c.code: c.display_name for c in Category.objects.filter(level=1)}
    return [
        (names.get(r["top_category"], r["top_category"] or "—"), r["total"])
        for r in grouped[:limit]
    ]


def by_category(rows: QuerySet[VolumeMonth], limit: int = 10) -> list[dict[str, Any]]:
    """The most common sub-problems (leaf categories), with their callers' verdicts."""
    grouped = rows.values("category__code", "category__name", "category__name_en")
    return [_with_rates(row, name(row, "category")) for row in _largest(grouped, limit)]


def by_district(rows: QuerySet[Any]) -> list[tuple[str, int]]:
    grouped = (
        rows.values("district__code", "district__name", "district__name_en")
        .annotate(total=Sum("cases"))
        .order_by("-total")
    )
    return [(name(row, "district"), row["total"]) for row in dicts(grouped)]


def by_subdistrict(rows: QuerySet[VolumeMonth], limit: int = 10) -> list[dict[str, Any]]:
    grouped = rows.filter(subdistrict__isnull=False).values(
        "subdistrict__code",
        "subdistrict__name",
        "subdistrict__name_en",
        "district__name",
        "district__name_en",
    )
    return [
        {**_with_rates(row, name(row, "subdistrict")), "district": name(row, "district")}
        for row in _largest(grouped, limit)
    ]


def _largest(grouped: QuerySet[VolumeMonth, Any], limit: int) -> Iterator[dict[str, Any]]:
    """The ``limit`` groups with the most cases, with the sums ``_with_rates`` reads."""
    return dicts(
        grouped.annotate(
            total=Sum("cases"),
            surveyed_sum=Sum("surveyed"),
            resolved_sum=Sum("resolved_yes"),
            points=Sum("satisfaction_points"),
        ).order_by("-total")[:limit]
    )


def _with_rates(row: dict[str, Any], label: str) -> dict[str, Any]:
    surveyed = row["surveyed_sum"] or 0
    return {
        "label": label,
        "total": row["total"],
        "resolution_rate": round(100 * row["resolved_sum"] / surveyed, 1) if surveyed else None,
        "satisfaction_rate": round(100 * row["points"] / surveyed, 1) if surveyed else None,
    }


def monthly(rows: QuerySet[VolumeMonth], period: Period) -> list[dict[str, Any]]:
    grouped = (
        rows.values("month")
        .annotate(
            total=Sum("cases"),
            surveyed_sum=Sum("surveyed"),
            resolved_sum=Sum("resolved_yes"),
            points=Sum("satisfaction_points"),
            due=Sum("response_due"),
            on_time=Sum("responded_on_time"),
        )
        .order_by("month")
    )
    found = {row["month"]: row for row in dicts(grouped)}
    empty = {"total": 0, "surveyed_sum": 0, "resolved_sum": 0, "points": 0, "due": 0, "on_time": 0}
    result = []
    for month in period.months:  # every month, so that gaps show as gaps
        row = found.get(month, empty)
        item = _with_rates(row, month.strftime("%Y-%m"))
        item["response_rate"] = round(100 * row["on_time"] / row["due"], 1) if row["due"] else None
        result.append(item)
    return result


def top_communities(period: Period, top_category: str, limit: int = 10) -> list[dict[str, Any]]:
    from minsheng.hotline.models import CommunityMonth

    grouped = (
        CommunityMonth.objects.filter(
            top_category=top_category, month__gte=period.first, month__lte=period.last
        )
        .exclude(community_name="")
        .values("community_name", "subdistrict__name", "subdistrict__name_en")
        .annotate(total=Sum("cases"))
        .order_by("-total")[:limit]
    )
    return [
        {
            "label": row["community_name"],
            "subdistrict": name(row, "subdistrict"),
            "total": row["total"],
        }
        for row in dicts(grouped)
    ]


def weights_text() -> str:
    response, resolution, satisfaction = conf.weights()
    return f"{response:g} / {resolution:g} / {satisfaction:g}"
