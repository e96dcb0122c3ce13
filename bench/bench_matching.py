"""Matching one request against many volunteers' offers (by default 100,000, in Chaoyang: a
dense worst case, every offer within about 15 km of the request).

Prints ``matching_100k_ms=<median>``: the whole ranked list for one request, through
``timebank.matching.matches``. The baseline, in the same run, is the same query reading every
offer (one box covering the city for every reach), that is without the grid index:
``matching_full_scan_ms``. MINSHENG_BENCH_VOLUNTEERS scales the set.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
from typing import Any

from bench.support import SilentBar

VOLUNTEERS = int(os.environ.get("MINSHENG_BENCH_VOLUNTEERS", 100_000))
RUNS = 30
CENTRE = (39.921, 116.486)  # Chaoyang's built-up centre
# How far volunteers say they will go, and how many say so.
REACHES = ((500, 10), (1000, 20), (2000, 25), (3000, 20), (5000, 15), (10_000, 8), (20_000, 2))
DATABASE = "minsheng_bench_matching"


def main() -> None:
    from django.db import connection, transaction

    from minsheng.people import demo as people_demo
    from minsheng.regions import demo as regions_demo
    from minsheng.timebank import matching
    from minsheng.timebank.benchmarking import Stopwatch, drop_database, use_fresh_database
    from minsheng.timebank.generator import Generator, Plan

    use_fresh_database(DATABASE)
    regions_demo.load()
    people_demo.load()
    generator = Generator(Plan(volunteers=VOLUNTEERS, elders=1, orders=0, seed=11), SilentBar)
    with Stopwatch() as loading:
        from minsheng.timebank.catalogue import ensure_reference_data

        ensure_reference_data()
        stations = generator.stations()
        volunteers = generator.people("v", VOLUNTEERS, (18, 70))
        elders = generator.people("e", 1, (80, 90))
        with transaction.atomic():
            generator.register(volunteers, elders, stations)
        _offers(volunteers)
        with connection.cursor() as cursor:
            # As autovacuum would after a load: statistics, and the visibility map that lets
            # matching read the offers' index alone.
            for table in (
                "timebank_volunteeroffer",
                "timebank_volunteeroffer_categories",
                "timebank_volunteeroffer_areas",
                "people_user",
                "timebank_volunteerprofile",
                "timebank_trainingrecord",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"loaded {VOLUNTEERS} volunteers with offers in {loading.seconds:.0f} s")
    order = _request(elders[0], stations, generator.admin)

    found = matching.matches(order)  # warm up
    indexed = _median_ms(lambda: matching.matches(order))
    original = matching.boxes
    matching.boxes = _whole_city  # type: ignore[assignment]
    try:
        everywhere = matching.matches(order)
        full_scan = _median_ms(lambda: matching.matches(order))
    finally:
        matching.boxes = original  # type: ignore[assignment]
    same = [m.volunteer_id for m in found] == [m.volunteer_id for m in everywhere]
    print(f"proposed {len(found)} (the same list from the full scan: {same})")
    print(f"matching_{VOLUNTEERS // 1000}k_ms={indexed:.1f}")
    print(f"matching_full_scan_ms={full_scan:.1f}")
    print(f"matching_full_scan_over_indexed={full_scan / indexed:.1f}")
    if not os.environ.get("MINSHENG_BENCH_KEEP"):
        drop_database(DATABASE)


def _median_ms(run: Any) -> float:
    took = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        took.append((time.perf_counter() - started) * 1000)
    return statistics.median(took)


def _whole_city(point: Any) -> dict[str, list[int]]:
    kms = list(range(1, 21))
    n = len(kms)
    return {
        "kms": kms,
        "row0": [-(10**6)] * n,
        "row1": [10**6] * n,
        "col0": [-(10**6)] * n,
        "col1": [10**6] * n,
    }


def _offers(volunteers: list[Any]) -> None:
    from minsheng.timebank.models import ServiceCategory, VolunteerOffer
    from minsheng.timebank.models.offers import cell_of

    rng = random.Random(11)
    categories = list(ServiceCategory.objects.values_list("pk", flat=True))
    reaches = [metres for metres, share in REACHES for _ in range(share)]
    through = VolunteerOffer.categories.through
    for start in range(0, len(volunteers), 5000):
        batch = []
        for person in volunteers[start : start + 5000]:
            lat = rng.gauss(CENTRE[0], 0.04)
            lon = rng.gauss(CENTRE[1], 0.05)
            metres = rng.choice(reaches)
            row, col = cell_of(lat, lon)
            chosen = rng.sample(categories, 2)
            batch.append(
                VolunteerOffer(
                    volunteer=person,
                    latitude=lat,
                    longitude=lon,
                    cell_row=row,
                    cell_col=col,
                    max_distance_m=metres,
                    reach_km=-(-metres // 1000),
                    availability=[[rng.randrange(7), 540, 720]],
                    category_ids=sorted(chosen),
                )
            )
        created = VolunteerOffer.objects.bulk_create(batch)
        through.objects.bulk_create(
            [
                through(volunteeroffer_id=offer.pk, servicecategory_id=category)
                for offer in created
                for category in offer.category_ids
            ]
        )


def _request(elder: Any, stations: dict[int, Any], admin: Any) -> Any:
    from django.utils import timezone

    from minsheng.timebank.models import HomePoint, ServiceItem, ServiceOrder
    from minsheng.timebank.models.offers import cell_of

    row, col = cell_of(*CENTRE)
    HomePoint.objects.create(
        person=elder,
        latitude=CENTRE[0],
        longitude=CENTRE[1],
        cell_row=row,
        cell_col=col,
        source=HomePoint.Source.STATION,
        set_by=admin,
    )
    item = ServiceItem.objects.get(region__level=1, code="chat-visit")
    starts = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    station = next(iter(stations.values()))
    return ServiceOrder.objects.create(
        beneficiary=elder,
        payer=elder,
        posted_by=admin,
        station=station,
        region=elder.home_region,
        item=item,
        category=item.category,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        duration_minutes=60,
        state=ServiceOrder.State.APPROVED,
    )
