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

**How it stays fast**: points carry a grid cell (``models.offers``); the candidates are read with
one range scan of the ``(cell_row, cell_col)`` index over the box that the longest offered
distance allows around the request, and the exact distance is computed only for those.
"""

from __future__ import annotations

import datetime as dt
import json
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


def is_available(slots: list[Any], starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    """Does one weekly slot (Beijing time) hold the whole request?"""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    begin = start.hour * 60 + start.minute
    finish = begin + max(0, int((end - start).total_seconds() // 60))
    for slot in slots:
        try:
            weekday, first, last = (int(v) for v in slot)
        except (TypeError, ValueError):
            continue
        if weekday == start.weekday() and first <= begin and finish <= last:
            return True
    return False


def order_point(order: ServiceOrder) -> HomePoint | None:
    return HomePoint.objects.filter(person_id=order.beneficiary_id).first()


# One query finds the candidates: the box of cells (index range scan), the exact distance, the
# hard rules, and the facts the ranking needs (ratings, recent work, overlapping commitments).
CANDIDATES_SQL = f"""
WITH near AS (
    SELECT o.id, o.volunteer_id, o.availability, o.max_distance_m,
           CASE WHEN %(lat)s::float8 IS NULL THEN NULL ELSE
           round(2 * {EARTH_RADIUS_M} * asin(least(1, sqrt(
               power(sin(radians(o.latitude - %(lat)s) / 2), 2)
               + cos(radians(%(lat)s)) * cos(radians(o.latitude))
                 * power(sin(radians(o.longitude - %(lon)s) / 2), 2)))))::int END AS distance_m,
           EXISTS (SELECT 1 FROM timebank_volunteeroffer_areas a
                   WHERE a.volunteeroffer_id = o.id AND a.region_id = ANY(%(regions)s)) AS in_area
    FROM timebank_volunteeroffer o
    WHERE o.active
      AND ((o.cell_row BETWEEN %(row0)s AND %(row1)s AND o.cell_col BETWEEN %(col0)s AND %(col1)s)
           OR EXISTS (SELECT 1 FROM timebank_volunteeroffer_areas a
                      WHERE a.volunteeroffer_id = o.id AND a.region_id = ANY(%(regions)s)))
      AND EXISTS (SELECT 1 FROM timebank_volunteeroffer_categories c
                  WHERE c.volunteeroffer_id = o.id AND c.servicecategory_id = %(category)s)
      AND o.volunteer_id <> ALL(%(parties)s)
)
SELECT near.volunteer_id, u.name, near.distance_m, near.availability, near.max_distance_m,
       (SELECT avg(s.rating) FROM timebank_serviceorder s
         WHERE s.volunteer_id = near.volunteer_id AND s.state = 'settled'
           AND s.rating IS NOT NULL) AS rating,
       (SELECT count(*) FROM timebank_invitation i
         WHERE i.volunteer_id = near.volunteer_id AND i.at >= %(since)s)
       + (SELECT count(*) FROM timebank_serviceorder s
           WHERE s.volunteer_id = near.volunteer_id AND s.booked_at >= %(since)s) AS recent,
       EXISTS (SELECT 1 FROM timebank_invitation i
               WHERE i.volunteer_id = near.volunteer_id AND i.order_id = %(order)s) AS invited
FROM near
JOIN people_user u ON u.id = near.volunteer_id AND u.is_active
JOIN timebank_volunteerprofile p ON p.person_id = near.volunteer_id AND p.status <> %(suspended)s
WHERE (near.in_area OR near.distance_m <= near.max_distance_m)
  AND EXISTS (SELECT 1 FROM timebank_trainingrecord t WHERE t.volunteer_id = p.id)
  AND NOT EXISTS (
      SELECT 1 FROM timebank_serviceorder s
      WHERE s.volunteer_id = near.volunteer_id AND s.id <> %(order)s
        AND s.state = ANY(%(committed)s)
        AND tstzrange(s.starts_at, s.ends_at) && tstzrange(%(starts)s, %(ends)s))
"""


def matches(order: ServiceOrder, *, limit: int = 20, now: dt.datetime | None = None) -> list[Match]:
    """The volunteers who could take ``order``, best first (see the module's docstring)."""
    now = now or timezone.now()
    point = order_point(order)
    lat = point.latitude if point else None
    lon = point.longitude if point else None
    if point is not None:
        row0, row1, col0, col1 = search_box(point.latitude, point.longitude, MAX_TRAVEL_METRES)
    else:  # no point: only the volunteers who name the place among their areas
        row0, row1, col0, col1 = 1, 0, 1, 0
    region = order.region
    params = {
        "lat": lat,
        "lon": lon,
        "row0": row0,
        "row1": row1,
        "col0": col0,
        "col1": col1,
        "regions": [r for r in (region.pk, region.parent_id) if r is not None],
        "category": order.category_id,
        "parties": [order.beneficiary_id, order.payer_id],
        "since": now - FAIRNESS_WINDOW,
        "order": order.pk,
        "suspended": VolunteerProfile.Status.SUSPENDED.value,
        "committed": [s.value for s in COMMITTED_STATES],
        "starts": order.starts_at,
        "ends": order.ends_at,
    }
    with connection.cursor() as cursor:
        cursor.execute(CANDIDATES_SQL, params)
        rows = cursor.fetchall()
    found = [_ranked(row, order) for row in rows]
    found.sort(
        key=lambda m: (
            -m.score,
            m.distance_m if m.distance_m is not None else 10**9,
            m.volunteer_id,
        )
    )
    return found[:limit]


def _ranked(row: tuple[Any, ...], order: ServiceOrder) -> Match:
    volunteer_id, name, distance, slots, limit_m, rating, recent, invited = row
    if isinstance(slots, str):  # read by a plain cursor: Django leaves JSON undecoded
        slots = json.loads(slots)
    within = distance is not None and distance <= limit_m
    nearness = (1 - distance / limit_m) if within else AREA_ONLY_NEARNESS
    available = is_available(slots or [], order.starts_at, order.ends_at)
    mean = float(rating) if rating is not None else None
    parts = {
        "nearness": max(0.0, nearness),
        "availability": 1.0 if available else 0.0,
        "rating": mean / 5 if mean is not None else NEUTRAL_RATING,
        "fairness": 1 / (1 + int(recent)),
    }
    score = sum(WEIGHTS[k] * v for k, v in parts.items())
    return Match(
        volunteer_id=volunteer_id,
        name=name,
        distance_m=distance,
        available=available,
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
        row = (
            volunteer.pk,
            volunteer.name,
            distance,
            offer.availability,
            offer.max_distance_m,
            None,
            0,
            False,
        )
        ranked.append((order, _ranked(row, order)))
    ranked.sort(key=lambda pair: (-pair[1].score, pair[0].starts_at, pair[0].pk))
    return ranked[:limit]


def still_open(order: ServiceOrder) -> bool:
    return order.state == OrderState.APPROVED and order.volunteer_id is None
