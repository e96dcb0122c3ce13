"""Filling the report tables (``minsheng refresh-timebank-reports``) and reading them.

The refresh is a handful of ``INSERT ... SELECT ... GROUP BY`` statements in one transaction:
the tables are replaced as a whole, so readers never see half a refresh, and running it again
gives the same result. Dates are grouped by month in Beijing time.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone

from minsheng.regions.models import Region
from minsheng.timebank import policies
from minsheng.timebank.models import (
    Milestone,
    MonthlyLedgerStat,
    MonthlyServiceStat,
    MonthlyVolunteerStat,
    ReportRefresh,
    ServiceCategory,
    StarLevelStat,
)

LOCAL = "'Asia/Shanghai'"


def _month(column: str) -> str:
    return f"date_trunc('month', {column} AT TIME ZONE {LOCAL})::date"


DISTRICT_OF = "(SELECT id FROM regions_region WHERE code = split_part({path}, '.', 2))"

SERVICE_SQL = f"""
INSERT INTO timebank_monthlyservicestat (month, region_id, category_id, posted, settled, minutes, unmet)
SELECT month, region_id, category_id, sum(posted), sum(settled), sum(minutes), sum(unmet) FROM (
    SELECT {_month("o.created_at")} AS month, s.region_id, o.category_id,
           1 AS posted, 0 AS settled, 0 AS minutes,
           CASE WHEN o.state <> 'rejected' AND o.created_at < now() - %(unmet)s
                 AND (o.booked_at IS NULL OR o.booked_at > o.created_at + %(unmet)s)
                THEN 1 ELSE 0 END AS unmet
      FROM timebank_serviceorder o JOIN timebank_station s ON s.id = o.station_id
    UNION ALL
    SELECT {_month("o.signed_in_at")}, s.region_id, o.category_id, 0, 1, o.credited_minutes, 0
      FROM timebank_serviceorder o JOIN timebank_station s ON s.id = o.station_id
     WHERE o.state = 'settled'
    UNION ALL
    SELECT {_month("g.starts_at")}, s.region_id, i.category_id, 0, 1, a.minutes, 0
      FROM timebank_attendance a
      JOIN timebank_groupactivity g ON g.id = a.activity_id
      JOIN timebank_station s ON s.id = g.station_id
      JOIN timebank_serviceitem i ON i.id = g.item_id
     WHERE a.confirmed_at IS NOT NULL
) rows GROUP BY month, region_id, category_id
"""

VOLUNTEER_SQL = f"""
WITH registrations AS (
    SELECT s.region_id, {_month("v.registered_at")} AS month, count(*) AS new
      FROM timebank_volunteerprofile v JOIN timebank_station s ON s.id = v.station_id
     GROUP BY 1, 2
), services AS (
    SELECT o.volunteer_id, {_month("o.signed_in_at")} AS month
      FROM timebank_serviceorder o WHERE o.state = 'settled'
    UNION
    SELECT a.volunteer_id, {_month("g.starts_at")}
      FROM timebank_attendance a JOIN timebank_groupactivity g ON g.id = a.activity_id
     WHERE a.confirmed_at IS NOT NULL
), active AS (
    SELECT s.region_id, x.month, count(DISTINCT x.volunteer_id) AS active
      FROM services x
      JOIN timebank_volunteerprofile v ON v.person_id = x.volunteer_id
      JOIN timebank_station s ON s.id = v.station_id
     GROUP BY 1, 2
), months AS (
    SELECT r.region_id, generate_series(min(r.month), {_month("now()")}, interval '1 month')::date AS month
      FROM registrations r GROUP BY r.region_id
)
INSERT INTO timebank_monthlyvolunteerstat (month, region_id, registered, new, active)
SELECT m.month, m.region_id,
       sum(coalesce(r.new, 0)) OVER (PARTITION BY m.region_id ORDER BY m.month),
       coalesce(r.new, 0), coalesce(a.active, 0)
  FROM months m
  LEFT JOIN registrations r ON r.region_id = m.region_id AND r.month = m.month
  LEFT JOIN active a ON a.region_id = m.region_id AND a.month = m.month
"""

LEDGER_SQL = f"""
INSERT INTO timebank_monthlyledgerstat (month, region_id, kind, minutes, count)
SELECT {_month("t.posted_at")}, {DISTRICT_OF.format(path="r.path")}, t.kind, sum(l.amount), count(*)
  FROM timebank_transaction t
  JOIN timebank_leg l ON l.transaction_id = t.id AND l.side = 'C'
  LEFT JOIN regions_region r ON r.id = t.region_id
 GROUP BY 1, 2, 3
"""

BALANCE_SQL = f"""
INSERT INTO timebank_monthlyledgerstat (month, region_id, kind, minutes, count)
SELECT {_month("l.posted_at")},
       CASE WHEN a.kind = 'pool' THEN NULL ELSE {DISTRICT_OF.format(path="r.path")} END,
       CASE WHEN a.kind = 'pool' THEN 'pool_change' ELSE 'balance_change' END,
       sum(CASE l.side WHEN 'C' THEN l.amount ELSE -l.amount END), count(*)
  FROM timebank_leg l
  JOIN timebank_account a ON a.id = l.account_id AND a.kind IN ('person', 'hold', 'pool')
  LEFT JOIN people_user u ON u.id = a.owner_id
  LEFT JOIN regions_region r ON r.id = u.home_region_id
 GROUP BY 1, 2, 3
"""

STAR_SQL = f"""
INSERT INTO timebank_starlevelstat (region_id, level, volunteers, care_home)
SELECT {DISTRICT_OF.format(path="r.path")} AS district,
       (CASE WHEN a.earned >= %(s1)s THEN 1 ELSE 0 END + CASE WHEN a.earned >= %(s2)s THEN 1 ELSE 0 END
        + CASE WHEN a.earned >= %(s3)s THEN 1 ELSE 0 END + CASE WHEN a.earned >= %(s4)s THEN 1 ELSE 0 END
        + CASE WHEN a.earned >= %(s5)s THEN 1 ELSE 0 END) AS level,
       count(*), count(*) FILTER (WHERE a.earned >= %(home)s)
  FROM timebank_volunteerprofile v
  JOIN timebank_station s ON s.id = v.station_id
  JOIN regions_region r ON r.id = s.region_id
  LEFT JOIN timebank_account a ON a.owner_id = v.person_id AND a.kind = 'person'
 WHERE a.id IS NOT NULL
 GROUP BY 1, 2
"""

TABLES = (
    "timebank_monthlyservicestat",
    "timebank_monthlyvolunteerstat",
    "timebank_monthlyledgerstat",
    "timebank_starlevelstat",
)


def refresh(progress: Callable[[int, int], None] | None = None) -> float:
    """Rebuild every report table; returns the seconds it took."""
    started = time.monotonic()
    policy = policies.current()
    thresholds = policy.star_thresholds_minutes
    steps: list[tuple[str, dict[str, Any]]] = [
        (SERVICE_SQL, {"unmet": dt.timedelta(days=policy.unmet_after_days)}),
        (VOLUNTEER_SQL, {}),
        (LEDGER_SQL, {}),
        (BALANCE_SQL, {}),
        (
            STAR_SQL,
            {
                **{f"s{n}": t for n, t in enumerate(thresholds, 1)},
                "home": policy.care_home_hours * 60,
            },
        ),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        # DELETE, not TRUNCATE: readers keep seeing the old figures until the commit.
        for table in TABLES:
            cursor.execute(f"DELETE FROM {table}")
        for number, (sql, params) in enumerate(steps, start=1):
            cursor.execute(sql, params)
            if progress:
                progress(number, len(steps))
        seconds = time.monotonic() - started
        ReportRefresh.objects.create(finished_at=timezone.now(), seconds=seconds)
    return seconds


# --- Reading ---------------------------------------------------------------------------------


@dataclass
class Area:
    """What a report covers: the whole city, a district or a sub-district, and its breakdown."""

    region: Region
    parts_level: int  # the level of the rows: districts for the city, sub-districts below

    @property
    def prefix(self) -> str:
        return self.region.path


@dataclass
class Table:
    """A dataset for a chart, its table fallback and the exports."""

    name: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def _within(queryset: QuerySet[Any], area: Area, lookup: str = "region__path") -> QuerySet[Any]:
    return queryset.filter(**{f"{lookup}__startswith": area.prefix})


def months_of(year: int) -> list[dt.date]:
    """The months of ``year`` up to the current one (nothing is known about the future)."""
    today = timezone.localdate()
    last = today.month if year == today.year else 12
    return [dt.date(year, month, 1) for month in range(1, last + 1)]


def service_by_month(area: Area, year: int) -> dict[dt.date, dict[str, int]]:
    rows = (
        _within(MonthlyServiceStat.objects.filter(month__year=year), area)
        .values("month")
        .annotate(
            posted=Sum("posted"), settled=Sum("settled"), minutes=Sum("minutes"), unmet=Sum("unmet")
        )
    )
    found = {row["month"]: row for row in rows}
    empty = {"posted": 0, "settled": 0, "minutes": 0, "unmet": 0}
    return {month: {**empty, **found.get(month, {})} for month in months_of(year)}


def service_by_category(area: Area, year: int) -> list[tuple[ServiceCategory, int, int]]:
    rows = {
        row["category_id"]: row
        for row in _within(MonthlyServiceStat.objects.filter(month__year=year), area)
        .values("category_id")
        .annotate(minutes=Sum("minutes"), settled=Sum("settled"))
    }
    return [
        (
            category,
            rows.get(category.pk, {}).get("minutes") or 0,
            rows.get(category.pk, {}).get("settled") or 0,
        )
        for category in ServiceCategory.objects.all()
    ]


def volunteers_by_month(area: Area, year: int) -> dict[dt.date, dict[str, int]]:
    rows = (
        _within(MonthlyVolunteerStat.objects.filter(month__year=year), area)
        .values("month")
        .annotate(registered=Sum("registered"), new=Sum("new"), active=Sum("active"))
    )
    found = {row["month"]: row for row in rows}
    return {
        month: {"registered": 0, "new": 0, "active": 0, **found.get(month, {})}
        for month in months_of(year)
    }


LEDGER_KINDS = (
    "grant",
    "service_payment",
    "activity_payment",
    "gift",
    "donation",
    "allocation",
    "reversal",
    "storage_overflow",
)


def ledger_by_part(area: Area, year: int, parts: list[Region]) -> dict[int | None, dict[str, int]]:
    """Minutes per kind in ``year`` for each part of the area; and outstanding at year end."""
    stats = MonthlyLedgerStat.objects.filter(month__year=year)
    if area.region.level > Region.Level.CITY:
        stats = _within(stats, area)
    result: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    district_of_part = {part.pk: part for part in parts}
    for region_id, kind, minutes in stats.values_list("region_id", "kind").annotate(
        total=Sum("minutes")
    ):
        if kind in LEDGER_KINDS:
            key = region_id if region_id in district_of_part else None
            result[key][kind] += minutes or 0
    outstanding = (
        MonthlyLedgerStat.objects.filter(
            kind=MonthlyLedgerStat.BALANCE_CHANGE, month__lt=dt.date(year + 1, 1, 1)
        )
        .values_list("region_id")
        .annotate(total=Sum("minutes"))
    )
    for region_id, total in outstanding:
        if region_id in district_of_part:
            result[region_id]["outstanding"] = total or 0
    return result


def outstanding_by_month(area: Area, year: int) -> dict[dt.date, int]:
    """Residents' coins (the government's liability) at the end of each month."""
    changes = MonthlyLedgerStat.objects.filter(kind=MonthlyLedgerStat.BALANCE_CHANGE)
    if area.region.level > Region.Level.CITY:
        changes = _within(changes, Area(area.region.ancestor_at(2) or area.region, 2))
    by_month = dict(
        changes.filter(month__lt=dt.date(year + 1, 1, 1))
        .values_list("month")
        .annotate(total=Sum("minutes"))
    )
    running, result = 0, {}
    before = sum(total or 0 for month, total in by_month.items() if month.year < year)
    running = before
    for month in months_of(year):
        running += by_month.get(month, 0) or 0
        result[month] = running
    return result


def star_levels(area: Area) -> dict[int, tuple[int, int]]:
    rows = StarLevelStat.objects.all()
    if area.region.level > Region.Level.CITY:
        district = area.region.ancestor_at(2) or area.region
        rows = rows.filter(region=district)
    found: dict[int, tuple[int, int]] = {level: (0, 0) for level in range(6)}
    for level, volunteers, care_home in rows.values_list("level").annotate(
        v=Sum("volunteers"), c=Sum("care_home")
    ):
        found[level] = (volunteers or 0, care_home or 0)
    return found


def milestone_holders(area: Area) -> QuerySet[Milestone]:
    return Milestone.objects.filter(
        kind=Milestone.Kind.CARE_HOME, person__home_region__path__startswith=area.prefix
    ).select_related("person", "person__home_region")


def last_refresh() -> ReportRefresh | None:
    return ReportRefresh.objects.order_by("-finished_at").first()
