"""The monthly assessment: three rates per unit and per district, rankings, dashboard counts.

Definitions (also shown on the rankings page and in docs/hotline.md):

* A case belongs to the month (Beijing time) in which it was **received**, and to the unit that
  **leads** it now (主办). Duplicates merged into another case are not counted; cases an
  administrator **excluded** as unreasonable demands are counted apart and left out of the rates.
* **Response rate** = cases whose caller was contacted by the response deadline ÷ cases that were
  dispatched and whose deadline has passed or that were contacted.
* **Resolution rate** = cases the caller called "resolved" at the call-back ÷ cases whose caller
  answered the call-back. The unit's own result (resolved, partly resolved, …) does not count:
  "partly resolved" is resolved only if the caller says so.
* **Satisfaction rate** = (satisfied + w × basically satisfied) ÷ cases whose caller answered the
  call-back, with w = ``HOTLINE_BASICALLY_SATISFIED_WEIGHT`` (default 0.8). "No answer" is not an
  answer and counts in no denominator.
* **Composite score** = weighted mean of the three rates (weights ``HOTLINE_WEIGHTS``, default
  10/45/45); a rate without data is left out and the others re-weighted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from minsheng.cases.casefile import BEIJING
from minsheng.cases.categories import top_code
from minsheng.cases.taxonomy import FOCUS_AREAS
from minsheng.hotline import conf
from minsheng.hotline.models import (
    WITH_UNIT,
    Case,
    CommunityMonth,
    ComputedMonth,
    DistrictMonth,
    DistrictVolumeMonth,
    Satisfaction,
    StaleMonth,
    Status,
    UnitMonth,
    VolumeMonth,
)
from minsheng.people.models import Organisation
from minsheng.regions.models import Region

ANSWERED = (
    Satisfaction.SATISFIED,
    Satisfaction.BASICALLY_SATISFIED,
    Satisfaction.DISSATISFIED,
)
COUNT_FIELDS = (
    "cases",
    "excluded",
    "response_due",
    "responded_on_time",
    "surveyed",
    "resolved_yes",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "overdue",
)


def dicts(rows: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Rows of ``values()`` whose annotations are named at run time, as plain dicts."""
    return iter(rows)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month in Beijing time, as aware datetimes."""
    start = dt.datetime.combine(month, dt.time(), BEIJING)
    return start, dt.datetime.combine(next_month(month), dt.time(), BEIJING)


def months_between(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    month = month_start(first)
    while month <= last:
        yield month
        month = next_month(month)


def months_with_cases() -> list[dt.date]:
    first = Case.objects.order_by("received_at").values_list("received_at", flat=True).first()
    last = Case.objects.order_by("-received_at").values_list("received_at", flat=True).first()
    if first is None or last is None:
        return []
    return list(months_between(first.astimezone(BEIJING).date(), last.astimezone(BEIJING).date()))


def rate_aggregates(now: dt.datetime) -> dict[str, Any]:
    """The counts behind the rates, as aggregate expressions over cases."""
    counted = Q(excluded=False)
    dispatched = Q(lead_unit__isnull=False) | Q(dispatched_at__isnull=False)
    due = counted & dispatched & (Q(response_due__lt=now) | Q(responded_at__isnull=False))
    answered = counted & Q(satisfaction__in=ANSWERED)
    late = Q(handled_at__gt=F("handling_due")) | Q(
        handled_at__isnull=True, handling_due__lt=now, status__in=WITH_UNIT
    )
    # Prefixed names: an annotation may not shadow a field (``response_due``) it filters on.
    return {
        "n_cases": Count("id", filter=counted),
        "n_excluded": Count("id", filter=Q(excluded=True)),
        "n_response_due": Count("id", filter=due),
        "n_responded_on_time": Count("id", filter=due & Q(responded_at__lte=F("response_due"))),
        "n_surveyed": Count("id", filter=answered),
        "n_resolved_yes": Count("id", filter=answered & Q(callback_resolved=True)),
        "n_satisfied": Count("id", filter=answered & Q(satisfaction=Satisfaction.SATISFIED)),
        "n_basically_satisfied": Count(
            "id", filter=answered & Q(satisfaction=Satisfaction.BASICALLY_SATISFIED)
        ),
        "n_dissatisfied": Count("id", filter=answered & Q(satisfaction=Satisfaction.DISSATISFIED)),
        "n_overdue": Count("id", filter=counted & late),
    }


def rates(counts: dict[str, Any]) -> dict[str, float | None]:
    """Rates in percent from counts; ``None`` where the denominator is zero."""

    def share(numerator: float, denominator: int) -> float | None:
        return round(100 * numerator / denominator, 2) if denominator else None

    satisfaction_points = (
        counts["satisfied"] + conf.basically_satisfied_weight() * counts["basically_satisfied"]
    )
    result = {
        "response_rate": share(counts["responded_on_time"], counts["response_due"]),
        "resolution_rate": share(counts["resolved_yes"], counts["surveyed"]),
        "satisfaction_rate": share(satisfaction_points, counts["surveyed"]),
    }
    result["composite"] = composite(
        result["response_rate"], result["resolution_rate"], result["satisfaction_rate"]
    )
    return result


def composite(*values: float | None) -> float | None:
    pairs = [(w, v) for w, v in zip(conf.weights(), values, strict=True) if v is not None]
    total = sum(w for w, _ in pairs)
    if not pairs or total == 0:
        return None
    return round(sum(w * v for w, v in pairs) / total, 2)


def _month_cases(month: dt.date) -> QuerySet[Case]:
    start, end = month_bounds(month)
    return Case.objects.filter(received_at__gte=start, received_at__lt=end).exclude(
        status=Status.MERGED
    )


def _rank(rows: list[Any], attribute: str, group: Any = None) -> None:
    """Dense-free competition ranking ("1224") by composite score, highest first.

    Only rows with at least ``HOTLINE_RANKING_MIN_CASES`` cases are ranked: one case makes a
    score of 0 or 100, not a standing.
    """
    groups: dict[Any, list[Any]] = defaultdict(list)
    least = conf.ranking_min_cases()
    for row in rows:
        if row.composite is not None and row.cases >= least:
            groups[group(row) if group else None].append(row)
    for members in groups.values():
        members.sort(key=lambda r: -r.composite)
        previous, rank = None, 0
        for position, row in enumerate(members, start=1):
            if row.composite != previous:
                rank, previous = position, row.composite
            setattr(row, attribute, rank)


def compute_month(month: dt.date, *, now: dt.datetime | None = None) -> dict[str, int]:
    """Recompute every aggregate of ``month`` (idempotent: the month's rows are replaced)."""
    now = now or timezone.now()
    month = month_start(month)
    # The mark goes first, in its own transaction: a case changed while the month is computed
    # marks it again, for the next refresh.
    StaleMonth.objects.filter(month=month).delete()
    try:
        return _replace_month(month, now)
    except BaseException:
        StaleMonth.objects.get_or_create(month=month)
        raise


def _replace_month(month: dt.date, now: dt.datetime) -> dict[str, int]:
    cases = _month_cases(month)
    aggregates = rate_aggregates(now)
    units = _unit_rows(cases, aggregates, month, now)
    districts = _district_rows(cases, aggregates, month, now)
    volumes = _volume_rows(cases, month, now)
    overview = _district_volume_rows(volumes, month)
    communities = _community_rows(cases, month)
    with transaction.atomic():
        for model in (UnitMonth, DistrictMonth, VolumeMonth, DistrictVolumeMonth, CommunityMonth):
            model.objects.filter(month=month).delete()
        UnitMonth.objects.bulk_create(units, batch_size=2000)
        DistrictMonth.objects.bulk_create(districts)
        VolumeMonth.objects.bulk_create(volumes, batch_size=5000)
        DistrictVolumeMonth.objects.bulk_create(overview, batch_size=5000)
        CommunityMonth.objects.bulk_create(communities, batch_size=5000)
        ComputedMonth.objects.update_or_create(month=month, defaults={"computed_at": now})
    return {
        "units": len(units),
        "districts": len(districts),
        "volumes": len(volumes),
        "communities": len(communities),
    }


def _unit_rows(
    cases: QuerySet[Case], aggregates: dict[str, Any], month: dt.date, now: dt.datetime
) -> list[UnitMonth]:
    grouped = cases.filter(lead_unit__isnull=False).values("lead_unit").annotate(**aggregates)
    units = {
        unit.id: unit
        for unit in Organisation.objects.filter(
            id__in=[row["lead_unit"] for row in grouped]
        ).select_related("region")
    }
    districts = dict(Region.objects.districts().values_list("code", "id"))
    rows = []
    for row in dicts(grouped):
        unit = units[row["lead_unit"]]
        counts = {name: row[f"n_{name}"] for name in COUNT_FIELDS}
        district_id = _district_of(unit, districts)
        rows.append(
            UnitMonth(
                month=month,
                unit=unit,
                unit_kind=unit.kind,
                district_id=district_id,
                computed_at=now,
                **counts,
                **rates(counts),
            )
        )
    _rank(rows, "rank_city", lambda r: r.unit_kind)
    _rank(
        [r for r in rows if r.unit_kind == Organisation.Kind.SUBDISTRICT_OFFICE],
        "rank_district",
        lambda r: r.district_id,
    )
    return rows


def _district_of(unit: Organisation, districts: dict[str, int]) -> int | None:
    """The district a unit belongs to (its own region, or the district above it)."""
    codes = [code for code in unit.region.path.split(".") if code]
    return districts.get(codes[1]) if len(codes) > 1 else None


def _district_rows(
    cases: QuerySet[Case], aggregates: dict[str, Any], month: dt.date, now: dt.datetime
) -> list[DistrictMonth]:
    rows = []
    for row in dicts(
        cases.filter(district__isnull=False).values("district").annotate(**aggregates)
    ):
        counts = {name: row[f"n_{name}"] for name in COUNT_FIELDS}
        rows.append(
            DistrictMonth(
                month=month, district_id=row["district"], computed_at=now, **counts, **rates(counts)
            )
        )
    _rank(rows, "rank_city")
    return rows


def _volume_rows(cases: QuerySet[Case], month: dt.date, now: dt.datetime) -> list[VolumeMonth]:
    aggregates = rate_aggregates(now)
    weight = conf.basically_satisfied_weight()
    grouped = cases.values(
        "district", "subdistrict", "category", "category__code", "kind"
    ).annotate(
        total=Count("id"),
        closed_count=Count("id", filter=Q(status=Status.CLOSED)),
        surveyed_count=aggregates["n_surveyed"],
        resolved_count=aggregates["n_resolved_yes"],
        satisfied_count=aggregates["n_satisfied"],
        basically_count=aggregates["n_basically_satisfied"],
        due_count=aggregates["n_response_due"],
        on_time_count=aggregates["n_responded_on_time"],
    )
    return [
        VolumeMonth(
            month=month,
            district_id=row["district"],
            subdistrict_id=row["subdistrict"],
            category_id=row["category"],
            top_category=top_code(row["category__code"] or ""),
            kind=row["kind"],
            cases=row["total"],
            closed=row["closed_count"],
            surveyed=row["surveyed_count"],
            resolved_yes=row["resolved_count"],
            satisfaction_points=row["satisfied_count"] + weight * row["basically_count"],
            response_due=row["due_count"],
            responded_on_time=row["on_time_count"],
        )
        for row in grouped
    ]


def _district_volume_rows(volumes: list[VolumeMonth], month: dt.date) -> list[DistrictVolumeMonth]:
    """The volumes summed over sub-districts and leaf categories (the overview's grain)."""
    sums: dict[tuple[int | None, str, str], int] = defaultdict(int)
    for row in volumes:
        sums[(row.district_id, row.top_category, row.kind)] += row.cases
    return [
        DistrictVolumeMonth(
            month=month, district_id=district, top_category=top, kind=kind, cases=cases
        )
        for (district, top, kind), cases in sums.items()
    ]


def _community_rows(cases: QuerySet[Case], month: dt.date) -> list[CommunityMonth]:
    rows: list[CommunityMonth] = []
    for code in FOCUS_AREAS:
        grouped = (
            cases.filter(category__code__startswith=code)
            .values("subdistrict", "community_name")
            .annotate(total=Count("id"))
        )
        rows.extend(
            CommunityMonth(
                month=month,
                top_category=code,
                subdistrict_id=row["subdistrict"],
                community_name=row["community_name"],
                cases=row["total"],
            )
            for row in grouped
        )
    return rows


def update_stats(
    months: Iterable[dt.date] | None = None, *, now: dt.datetime | None = None, on_month: Any = None
) -> list[dt.date]:
    """Recompute the given months (default: every month that has cases)."""
    done = []
    for month in months if months is not None else months_with_cases():
        compute_month(month, now=now)
        done.append(month_start(month))
        if on_month:
            on_month(month)
    return done


def changed_months(now: dt.datetime) -> list[dt.date]:
    """The months whose aggregates may be out of date at ``now``: those whose cases changed
    since they were computed (marked by triggers, ``StaleMonth``), and those with a response or
    handling deadline that passed since (a case becomes due or late with no change of its own).

    Both come from small indexes (the marks; the partial indexes of deadlines still pending),
    never from a scan of the cases.
    """
    months = set(StaleMonth.objects.values_list("month", flat=True))
    since = ComputedMonth.objects.aggregate(oldest=Min("computed_at"))["oldest"]
    if since is not None:
        passed = Q(responded_at__isnull=True, response_due__gt=since, response_due__lte=now) | Q(
            handled_at__isnull=True, handling_due__gt=since, handling_due__lte=now
        )
        months.update(
            day.date()
            for day in Case.objects.filter(passed).datetimes("received_at", "month", tzinfo=BEIJING)
        )
    return sorted(months)


def update_changed_stats(*, now: dt.datetime | None = None, on_month: Any = None) -> list[dt.date]:
    """Recompute only the months that may have changed (``changed_months``)."""
    now = now or timezone.now()
    return update_stats(changed_months(now), now=now, on_month=on_month)


# --- Reading the aggregates ---------------------------------------------------------------------


def totals(rows: QuerySet[Any]) -> dict[str, Any]:
    """Sum of the counts of several aggregate rows (several months, say), with their rates."""
    sums = rows.aggregate(**{name: Coalesce(Sum(name), 0) for name in COUNT_FIELDS})
    return {**sums, **rates(sums)}
