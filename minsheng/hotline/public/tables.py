"""The public tables: each a title, column headings and rows of plain values (also CSV).

Only aggregates: rates, counts, rankings, category and place names, programme items. No case
numbers, no callers, no addresses, no staff names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng.cases.taxonomy import PROPERTY_MANAGEMENT, WASTE_SORTING
from minsheng.core.modules import public_tables
from minsheng.hotline import reports
from minsheng.hotline.models import Case, Category


@dataclass
class Table:
    slug: str
    title: Any
    headers: list[Any]
    rows: list[list[Any]] = field(default_factory=list)
    note: Any = ""


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


RATE_HEADERS = [
    _("Cases"),
    _("Response rate (%)"),
    _("Resolution rate (%)"),
    _("Satisfaction rate (%)"),
    _("Composite score"),
]


def districts(month: dt.date) -> Table:
    rows = [
        [
            row.rank_city or "",
            row.district.display_name,
            row.cases,
            _rate(row.response_rate),
            _rate(row.resolution_rate),
            _rate(row.satisfaction_rate),
            _rate(row.composite),
        ]
        for row in reports.district_ranking(month)
    ]
    return Table("districts", _("Districts"), [_("Rank"), _("District"), *RATE_HEADERS], rows)


def subdistricts(month: dt.date) -> Table:
    rows = [
        [
            row.rank_city or "",
            row.unit.display_name,
            row.district.display_name if row.district else "",
            row.cases,
            _rate(row.response_rate),
            _rate(row.resolution_rate),
            _rate(row.satisfaction_rate),
            _rate(row.composite),
        ]
        for row in reports.unit_ranking(month, "subdistrict")
    ]
    return Table(
        "subdistricts",
        _("Sub-district and township offices"),
        [_("Rank"), _("Office"), _("District"), *RATE_HEADERS],
        rows,
        _("Offices with too few cases in the month are listed without a rank."),
    )


FOCUS = {
    "waste-sorting": (WASTE_SORTING, _("Waste sorting")),
    "property-management": (PROPERTY_MANAGEMENT, _("Property management")),
}


def focus(slug: str, month: dt.date) -> Table:
    code, title = FOCUS[slug]
    period = reports.twelve_months_to(month)
    rows = [
        [
            r["label"],
            r["total"],
            _rate(r["response_rate"]),
            _rate(r["resolution_rate"]),
            _rate(r["satisfaction_rate"]),
        ]
        for r in reports.monthly(reports.volume(period, top_category=code), period)
    ]
    headers = [
        _("Month"),
        _("Cases"),
        _("Response rate (%)"),
        _("Resolution rate (%)"),
        _("Satisfaction rate (%)"),
    ]
    return Table(f"focus-{slug}", title, headers, rows)


def hot_issues(today: dt.date | None = None, limit: int = 10) -> Table:
    """The categories most called about in the last seven days, against the week before."""
    today = today or timezone.localdate()
    end = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time()))
    week, before = end - dt.timedelta(days=7), end - dt.timedelta(days=14)
    counts = _counts(week, end)
    previous = _counts(before, week)
    names = Category.objects.in_bulk(list(counts), field_name="id")
    top = sorted(counts.items(), key=lambda pair: -pair[1])[:limit]
    rows = [
        [position, names[pk].display_name if pk in names else "", n, previous.get(pk, 0)]
        for position, (pk, n) in enumerate(top, start=1)
    ]
    return Table(
        "hot-issues",
        _("Hot issues of the week"),
        [_("Position"), _("Category"), _("Cases in the last 7 days"), _("The 7 days before")],
        rows,
    )


def _counts(start: dt.datetime, end: dt.datetime) -> dict[int, int]:
    grouped = (
        Case.objects.filter(received_at__gte=start, received_at__lt=end, category__isnull=False)
        .values_list("category_id")
        .annotate(n=Count("id"))
    )
    return dict(grouped)


def all_tables(month: dt.date, today: dt.date | None = None) -> list[Table]:
    today = today or timezone.localdate()
    return [
        districts(month),
        subdistricts(month),
        hot_issues(today),
        focus("waste-sorting", month),
        focus("property-management", month),
        *public_tables(today),
    ]
