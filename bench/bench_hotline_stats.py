"""The monthly assessment of a year of cases, and the pages that read it.

Runs on the benchmark database of ``bench_hotline_import`` (importing the generated year first if
it is not there): ``minsheng update-hotline-stats`` for the whole year (twice: the second run shows
the cost of re-running), then the rankings, leaders' dashboard and focus pages as the leader sees
them, with their render time and query count.
"""

from __future__ import annotations

import statistics
import time

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.bench_hotline_import import ROWS, bench_file, use_bench_database

PAGES = [
    "/hotline/rankings/?month=2025-06",
    "/hotline/rankings/?month=2025-06&group=districts",
    "/hotline/dashboard/?year=2025",
    "/hotline/focus/waste-sorting/?year=2025",
    "/hotline/focus/property-management/?year=2025",
]


def main() -> None:
    from minsheng.hotline.importing import import_cases
    from minsheng.hotline.models import Case
    from minsheng.people.models import User

    path = bench_file()
    use_bench_database(fresh=False)
    if Case.objects.count() < ROWS:
        print("importing the benchmark year first …")
        import_cases(path)
    print(f"cases in the benchmark database: {Case.objects.count():,}")
    for attempt in ("first run", "re-run"):
        started = time.perf_counter()
        call_command("update_hotline_stats", "--from", "2025-01", "--to", "2025-12", verbosity=0)
        print(f"update-hotline-stats, 12 months ({attempt}): {time.perf_counter() - started:.1f} s")
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    for page in PAGES:
        timings = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(page)
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (page, response.status_code)
        print(
            f"{page:50} median {statistics.median(timings) * 1000:7.1f} ms, "
            f"{len(queries.captured_queries)} queries"
        )
