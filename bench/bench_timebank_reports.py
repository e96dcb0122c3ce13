"""Report pages on a district-sized data set (by default 10,000 volunteers, 5,000 elders and
200,000 settled orders, generated through the ledger): how long the refresh of the aggregate
tables takes, then render time and query count of each report page and export per tier.
``check-ledger`` runs over the whole set too. MINSHENG_BENCH_ORDERS scales the set down.
"""

from __future__ import annotations

import os
import time
from typing import Any

ORDERS = int(os.environ.get("MINSHENG_BENCH_ORDERS", 200_000))
VOLUNTEERS = max(10, ORDERS // 20)
ELDERS = max(10, ORDERS // 40)
PAGES = (
    "/timebank/reports/",
    "/timebank/reports/?region=110105017",
    "/timebank/reports/monthly.xlsx",
    "/timebank/reports/ledger.csv",
)
USERS = ("city-admin", "chaoyang-admin", "jinsong-station")


class _Bar:
    """Progress on standard error, like the generator command."""

    def __init__(self, **kwargs: Any) -> None:
        from tqdm import tqdm

        self.bar = tqdm(
            total=kwargs.get("total"),
            desc=kwargs.get("description", ""),
            disable=not os.isatty(2),
            leave=False,
        )

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.close()

    def update(self, count: int) -> None:
        self.bar.update(count)


def main() -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from minsheng.people import demo as people_demo
    from minsheng.people.models import User
    from minsheng.regions import demo as regions_demo
    from minsheng.timebank import reporting
    from minsheng.timebank.benchmarking import Stopwatch, drop_database, use_fresh_database
    from minsheng.timebank.generator import Generator, Plan
    from minsheng.timebank.ledger import check

    use_fresh_database()
    regions_demo.load()
    people_demo.load()
    plan = Plan(volunteers=VOLUNTEERS, elders=ELDERS, orders=ORDERS, seed=5)
    with Stopwatch() as generating:
        Generator(plan, _Bar).run()
    print(
        f"generated {VOLUNTEERS} volunteers, {ELDERS} elders, {ORDERS} settled orders in "
        f"{generating.seconds:.0f} s ({ORDERS / generating.seconds:.0f} orders/s)"
    )
    with Stopwatch() as refreshing:
        reporting.refresh()
    print(f"refresh-timebank-reports: {refreshing.seconds:.2f} s")
    with Stopwatch() as checking:
        problems = check.run()
    print(f"check-ledger: {checking.seconds:.1f} s, {'clean' if not problems else problems[:3]}")
    print(f"{'user':<16} {'page':<40} {'ms':>8} {'queries':>8}")
    for username in USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        for page in PAGES:
            client.get(page)  # warm up (session, templates)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(page)
                took = (time.perf_counter() - started) * 1000
            status = "" if response.status_code == 200 else f" (HTTP {response.status_code})"
            print(f"{username:<16} {page:<40} {took:>8.1f} {len(queries):>8}{status}")
    if not os.environ.get("MINSHENG_BENCH_KEEP"):
        drop_database()
