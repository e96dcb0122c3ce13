"""Matching: for one open request, the volunteers who could take it, best first.

**Who may be proposed** (hard rules, never relaxed): an active offer from a trained volunteer
(a training recorded, not suspended) that lists the request's category, who is not the person served or paying, has no
committed visit overlapping the request, and is either within the distance they offered to travel
(straight-line, great-circle distance between the elder's home point and the offer's point) or
names the request's community or sub-district among their areas.

**How they are ranked**: a score from 0 to 1, the weighted sum of

* nearness (``1 - distance / their limit``; an area match without a distance counts 0.5),
* availability (the request's weekday and hours lie within one of their weekly slots),
* past ratings (the mean of their settled services' ratings over 5; 0.8 before any rating),
* fairness (``1 / (1 + invitations and bookings in the last 30 days)``), which spreads the work
  so that the same few are not always asked.

**How it stays fast**: points carry a grid cell and offers their reach in whole kilometres
(``models.offers``); for each reach, one range scan of the ``(reach_km, cell_row, cell_col)``
index reads the offers of that reach in the box of cells it spans around the request, and the
exact distance is computed only for those.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from minsheng.timebank.models import (
    COMMITTED_STATES,
    HomePoint,
    OrderState,
    ServiceOrder,
    VolunteerOffer,
    VolunteerProfile,
)
from minsheng.timebank.models.offers import MAX_TRAVEL_METRES, cell_of

EARTH_RADIUS_M = 6_371_000
WEIGHTS = {"nearness": 0.4, "availability": 0.25, "rating": 0.15, "fairness": 0.2}
FAIRNESS_WINDOW = dt.timedelta(days=30)
NEUTRAL_RATING = 0.8
AREA_ONLY_NEARNESS = 0.5


@dataclass(frozen=True)
class Match:
    volunteer_id: int
    name: str
    distance_m: int | None
    available: bool
    rating: float | None
    recent: int
    score: float
    invited: bool


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """Great-circle distance (haversine), in whole metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h))))


def search_box(latitude: float, longitude: float, metres: int) -> tuple[int, int, int, int]:
    """The grid cells (rows, then columns) that hold every point within ``metres``."""
    dlat = math.degrees(metres / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(latitude)), 0.01)
    low_row, low_col = cell_of(latitude - dlat, longitude - dlon)
    high_row, high_col = cell_of(latitude + dlat, longitude + dlon)
    return low_row, high_row, low_col, high_col


def window(starts_at: dt.datetime, ends_at: dt.datetime) -> tuple[int, int, int]:
    """The request as (weekday, start minute, end minute) in Beijing time."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    begin = start.hour * 60 + start.minute
    return start.weekday(), begin, begin + max(0, int((end - start).total_seconds() // 60))


def is_available(slots: list[Any], starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    """Does one weekly slot (Beijing time) hold the whole request?"""
    return fits(slots, window(starts_at, ends_at))


def fits(slots: list[Any], request: tuple[int, int, int]) -> bool:
    day, begin, finish = request
    for slot in slots:
        try:
            weekday, first, last = (int(v) for v in slot)
        except (TypeError, ValueError):
            continue
        if weekday == day and first <= begin and finish <= last:
            return True
    return False


def order_point(order: ServiceOrder) -> HomePoint | None:
    return HomePoint.objects.filter(person_id=order.beneficiary_id).first()


# The great-circle distance in metres from the request's point to the offer ``o`` (haversine).
DISTANCE_SQL = f"""round(2 * {EARTH_RADIUS_M} * asin(least(1, sqrt(
    power(sin(radians(o.latitude - %(lat)s) / 2), 2)
    + cos(radians(%(lat)s)) * cos(radians(o.latitude))
      * power(sin(radians(o.longitude - %(lon)s) / 2), 2)))))::int"""

# The first query finds the candidates and what is cheap to know of them. For each reach (whole
# kilometres, 1 to 20) one range scan of the ``(reach_km, cell_row, cell_col)`` index reads the
# offers of that reach in the box of cells it spans around the request, so that the many short
# reaches search small boxes; the offers naming the place among their areas come by their own
# index. The index carries all the first stage needs (the point, the distance offered, the
# categories, the weekly slots), so that it never reads the table for offers in a box.
FREE_SQL = """EXISTS (SELECT 1 FROM jsonb_array_elements(availability) AS slot
    WHERE (slot->>0)::int = %(day)s AND (slot->>1)::int <= %(begin)s
      AND (slot->>2)::int >= %(finish)s)"""
CANDIDATES_SQL = f"""
WITH boxed AS (
    SELECT o.volunteer_id, o.availability, o.max_distance_m, o.distance_m, false AS in_area
    FROM unnest(%(kms)s::int[], %(row0)s::int[], %(row1)s::int[], %(col0)s::int[],
                %(col1)s::int[]) AS box(km, row0, row1, col0, col1)
    CROSS JOIN LATERAL (
        SELECT o.volunteer_id, o.availability, o.max_distance_m, {DISTANCE_SQL} AS distance_m
        FROM timebank_volunteeroffer o
        WHERE o.active AND o.reach_km = box.km
          AND o.cell_row BETWEEN box.row0 AND box.row1
          AND o.cell_col BETWEEN box.col0 AND box.col1
          AND %(category)s = ANY(o.category_ids)
    ) o
    WHERE o.distance_m <= o.max_distance_m
),
in_area AS (
    SELECT o.volunteer_id, o.availability, o.max_distance_m,
           CASE WHEN %(lat)s::float8 IS NULL THEN NULL ELSE {DISTANCE_SQL} END, true
    FROM timebank_volunteeroffer_areas a
    JOIN timebank_volunteeroffer o ON o.id = a.volunteeroffer_id
    WHERE a.region_id = ANY(%(regions)s) AND o.active AND %(category)s = ANY(o.category_ids)
),
found AS (
    SELECT DISTINCT ON (volunteer_id) volunteer_id, distance_m, max_distance_m,
           {FREE_SQL} AS available
    FROM (SELECT * FROM boxed UNION ALL SELECT * FROM in_area) AS found
    WHERE volunteer_id <> ALL(%(parties)s)
      AND (%(only)s::bigint IS NULL OR volunteer_id = %(only)s)
    ORDER BY volunteer_id
)
SELECT volunteer_id, distance_m, available, max_distance_m FROM found
"""

# The second query, for a batch of the most promising candidates: the volunteer's own rules
# (trained, not suspended, active, free at that time) and the facts of the ranking.
FACTS_SQL = """
SELECT u.id, u.name,
       (SELECT avg(s.rating) FROM timebank_serviceorder s
         WHERE s.volunteer_id = u.id AND s.state = 'settled' AND s.rating IS NOT NULL),
       (SELECT count(*) FROM timebank_invitation i WHERE i.volunteer_id = u.id AND i.at >= %(since)s)
       + (SELECT count(*) FROM timebank_serviceorder s
           WHERE s.volunteer_id = u.id AND s.booked_at >= %(since)s),
       EXISTS (SELECT 1 FROM timebank_invitation i
               WHERE i.volunteer_id = u.id AND i.order_id = %(order)s)
FROM people_user u
JOIN timebank_volunteerprofile p ON p.person_id = u.id AND p.status <> %(suspended)s
WHERE u.id = ANY(%(ids)s) AND u.is_active
  AND EXISTS (SELECT 1 FROM timebank_trainingrecord t WHERE t.volunteer_id = p.id)
  AND NOT EXISTS (
      SELECT 1 FROM timebank_serviceorder s
      WHERE s.volunteer_id = u.id AND s.id <> %(order)s
        AND s.state = ANY(%(committed)s)
        AND tstzrange(s.starts_at, s.ends_at) && tstzrange(%(starts)s, %(ends)s))
"""
# Ratings and fairness add at most this much to what distance and free time give.
AT_MOST_FROM_FACTS = WEIGHTS["rating"] + WEIGHTS["fairness"]
BATCH = 100


def boxes(point: HomePoint | None) -> dict[str, list[int]]:
    """For each reach in kilometres, the box of cells that holds every point within it."""
    kms = list(range(1, MAX_TRAVEL_METRES // 1000 + 1)) if point is not None else []
    found: dict[str, list[int]] = {"kms": kms, "row0": [], "row1": [], "col0": [], "col1": []}
    for km in kms:
        assert point is not None
        box = search_box(point.latitude, point.longitude, km * 1000)
        for name, value in zip(("row0", "row1", "col0", "col1"), box, strict=True):
            found[name].append(value)
    return found


def matches(
    order: ServiceOrder,
    *,
    limit: int = 20,
    now: dt.datetime | None = None,
    only: int | None = None,
) -> list[Match]:
    """The volunteers who could take ``order``, best first (see the module's docstring);
    with ``only``, whether that one volunteer could (a list of one, or empty)."""
    now = now or timezone.now()
    point = order_point(order)
    region = order.region
    params: dict[str, Any] = {
        "lat": point.latitude if point else None,
        "lon": point.longitude if point else None,
        **boxes(point),
        "regions": [r for r in (region.pk, region.parent_id) if r is not None],
        "category": order.category_id,
        "parties": [order.beneficiary_id, order.payer_id],
        "only": only,
        "since": now - FAIRNESS_WINDOW,
        "order": order.pk,
        "suspended": VolunteerProfile.Status.SUSPENDED.value,
        "committed": [s.value for s in COMMITTED_STATES],
        "starts": order.starts_at,
        "ends": order.ends_at,
    }
    params["day"], params["begin"], params["finish"] = window(order.starts_at, order.ends_at)
    with connection.cursor() as cursor:
        cursor.execute(CANDIDATES_SQL, params)
        candidates = sorted(
            (_Candidate.of(*row) for row in cursor.fetchall()),
            key=lambda c: (-c.partial, c.volunteer_id),
        )
        found: list[Match] = []
        # Best first by what distance and free time give. The facts can lift a candidate by at
        # most AT_MOST_FROM_FACTS, so once a batch cannot reach the last place kept, the
        # ranking is complete and the rest is never read.
        for start in range(0, len(candidates), BATCH):
            batch = candidates[start : start + BATCH]
            if len(found) >= limit and batch[0].partial + AT_MOST_FROM_FACTS < found[-1].score:
                break
            cursor.execute(FACTS_SQL, {**params, "ids": [c.volunteer_id for c in batch]})
            facts = {row[0]: row for row in cursor.fetchall()}
            found += [c.ranked(facts[c.volunteer_id]) for c in batch if c.volunteer_id in facts]
            found.sort(key=_rank_key)
            del found[limit:]
    return found


def _rank_key(m: Match) -> tuple[float, int, int]:
    return (-m.score, m.distance_m if m.distance_m is not None else 10**9, m.volunteer_id)


@dataclass(frozen=True)
class _Candidate:
    volunteer_id: int
    distance_m: int | None
    available: bool
    partial: float  # the weighted nearness and availability

    @classmethod
    def of(
        cls, volunteer_id: int, distance: int | None, available: bool, limit_m: int
    ) -> _Candidate:
        if distance is not None and distance <= limit_m:
            nearness = max(0.0, 1 - distance / limit_m)
        else:  # in one of their areas, beyond their distance or without a point
            nearness = AREA_ONLY_NEARNESS
        partial = WEIGHTS["nearness"] * nearness + WEIGHTS["availability"] * available
        return cls(volunteer_id, distance, available, partial)

    def ranked(self, facts: tuple[Any, ...]) -> Match:
        _id, name, rating, recent, invited = facts
        mean = float(rating) if rating is not None else None
        score = (
            self.partial
            + WEIGHTS["rating"] * (mean / 5 if mean is not None else NEUTRAL_RATING)
            + WEIGHTS["fairness"] / (1 + int(recent))
        )
        return Match(
            volunteer_id=self.volunteer_id,
            name=name,
            distance_m=self.distance_m,
            available=self.available,
            rating=round(mean, 1) if mean is not None else None,
            recent=int(recent),
            score=round(score, 4),
            invited=bool(invited),
        )


def open_requests_for(volunteer: Any, *, limit: int = 50) -> list[tuple[ServiceOrder, Match]]:
    """Open requests this volunteer would be proposed for, best first, with the distance.

    The same hard rules and weights as :func:`matches`, seen from the volunteer's side (their
    ratings and recent work are the same for every request, so nearness and availability rank).
    """
    offer = VolunteerOffer.objects.filter(volunteer=volunteer, active=True).first()
    if offer is None:
        return []
    categories = set(offer.categories.values_list("pk", flat=True))
    areas = set(offer.areas.values_list("pk", flat=True))
    candidates = list(
        ServiceOrder.objects.open_for_booking()
        .filter(category__in=categories, volunteer__isnull=True)
        .exclude(beneficiary=volunteer)
        .exclude(payer=volunteer)
        .select_related("item", "category", "region", "beneficiary")
        .order_by("starts_at", "pk")[:500]
    )
    points = {
        p.person_id: p
        for p in HomePoint.objects.filter(person_id__in=[o.beneficiary_id for o in candidates])
    }
    ranked = []
    for order in candidates:
        point = points.get(order.beneficiary_id)
        distance = (
            distance_m(point.latitude, point.longitude, offer.latitude, offer.longitude)
            if point
            else None
        )
        in_area = bool({order.region_id, order.region.parent_id} & areas)
        if not in_area and (distance is None or distance > offer.max_distance_m):
            continue
        candidate = _Candidate.of(
            volunteer.pk,
            distance,
            fits(offer.availability, window(order.starts_at, order.ends_at)),
            offer.max_distance_m,
        )
        ranked.append((order, candidate.ranked((volunteer.pk, volunteer.name, None, 0, False))))
    ranked.sort(key=lambda pair: (-pair[1].score, pair[0].starts_at, pair[0].pk))
    return ranked[:limit]


def still_open(order: ServiceOrder) -> bool:
    return order.state == OrderState.APPROVED and order.volunteer_id is None
