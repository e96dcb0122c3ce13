"""Each page cold and warm, as the user who reads it; the plans of the slowest queries."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.core.cache import cache
from django.db import DatabaseError, connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minsheng import dbserver
from minsheng.core import planning

WARM_RUNS = 3


@dataclass
class Page:
    label: str
    username: str
    url: str
    cold: float = 0.0
    warm: float = 0.0
    queries: int = 0
    slowest_sql: str = ""
    slowest_seconds: float = 0.0
    # The planner settings the slowest query ran under (``core.planning.local_settings``).
    slowest_settings_sql: str = ""
    status: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def pages() -> list[Page]:
    from minsheng.hotline.models import Category
    from minsheng.regions.models import Region

    chaoyang = Region.objects.get(code="110105").pk
    haidian = Region.objects.get(code="110108").pk
    # Words in a few cases (an address), in one case of a hundred (a leaf category's name), in
    # every case (the generated request's closing words) and in none.
    address = Region.objects.get(code="110105017").name + "123号"
    category = Category.objects.filter(level=3).order_by("code").values_list("name", flat=True)[0]
    return [
        Page("hotline overview", "city-admin", "/hotline/dashboard/"),
        Page("rankings, sub-districts", "city-admin", "/hotline/rankings/"),
        Page("rankings, districts", "city-admin", "/hotline/rankings/?group=districts"),
        Page("focus: waste sorting", "city-admin", "/hotline/focus/waste-sorting/"),
        Page("focus: property management", "city-admin", "/hotline/focus/property-management/"),
        Page("unit workbench (Jinsong office)", "jinsong-office", "/hotline/workbench/"),
        Page("case list, no filter", "dispatcher", "/hotline/"),
        Page(
            "case list, closed in Chaoyang",
            "dispatcher",
            f"/hotline/?status=closed&district={chaoyang}",
        ),
        Page("case list, overdue", "dispatcher", "/hotline/?overdue=on"),
        Page("case list, Haidian, page 40", "dispatcher", f"/hotline/?district={haidian}&page=40"),
        Page("case list, words: an address", "dispatcher", f"/hotline/?q={quote(address)}"),
        Page("case list, words: a category", "dispatcher", f"/hotline/?q={quote(category)}"),
        Page("case list, words in every case", "dispatcher", f"/hotline/?q={quote('请尽快处理')}"),
        Page("case list, words in no case", "dispatcher", f"/hotline/?q={quote('暖气片漏水')}"),
    ]


def report(count: int) -> None:
    from minsheng.hotline.models import Case

    # Each cold request restarts the server, which the server module reports as a warning.
    logging.getLogger("minsheng.dbserver").setLevel(logging.ERROR)
    print(
        f"{count:,} cases (largest id {Case.objects.order_by('-id').values_list('id', flat=True)[0]:,}"
        f"), {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    _time_refresh()
    measured = pages()
    clients = {page.username: _client(page.username) for page in measured}
    # One untimed request of each page first: templates and code are loaded once per process,
    # not per request; "cold" is about the database's caches.
    for page in measured:
        _get(clients[page.username], page)
    for page in measured:
        client = clients[page.username]
        _restart_database()
        page.cold, _ = _get(client, page)
        best = None
        for _attempt in range(WARM_RUNS):
            seconds, captured = _get(client, page)
            if best is None or seconds < best[0]:
                best = (seconds, captured)
        assert best is not None
        page.warm = best[0]
        slowest = max(best[1], key=lambda q: float(q["time"]), default=None)
        page.queries = len(best[1])
        if slowest:
            page.slowest_sql, page.slowest_seconds = slowest["sql"], float(slowest["time"])
            page.slowest_settings_sql = _settings_before(best[1], slowest)
        print(
            f"{page.label:34} cold {page.cold:6.3f} s   warm {page.warm:6.3f} s   "
            f"{page.queries:3} queries, slowest {page.slowest_seconds * 1000:7.1f} ms"
            f"   (HTTP {page.status})",
            flush=True,
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    for page in sorted(measured, key=lambda p: -p.warm)[:3]:
        _explain(page)
    print(f"dashboard_10m_max_cold_s={max(p.cold for p in measured):.3f}")
    print(f"dashboard_10m_max_warm_s={max(p.warm for p in measured):.3f}")


def _client(username: str) -> Client:
    from minsheng.people.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _get(client: Client, page: Page) -> tuple[float, list[dict[str, Any]]]:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(page.url)
        if hasattr(response, "render"):
            response.render()
        seconds = time.perf_counter() - started
    page.status = response.status_code
    return seconds, list(captured.captured_queries)


def _restart_database() -> None:
    """Empty the server's buffers (a restart) and Django's cache before a cold request."""
    connections.close_all()
    dbserver.stop()
    dbserver.restart()
    cache.clear()


def _time_refresh() -> None:
    """The incremental refresh as it finds the data, then after one old case changed."""
    from minsheng.hotline import stats
    from minsheng.hotline.models import Case

    for occasion in ("as found", "after one case of a year ago changed"):
        if occasion != "as found":
            old = Case.objects.filter(received_at__lt=timezone.now() - dt.timedelta(days=365))
            Case.objects.filter(pk=old.order_by("-received_at").values("pk")[:1]).update(
                title="changed"
            )
        started = time.perf_counter()
        months = stats.update_changed_stats()
        print(
            f"update-hotline-stats, incremental, {occasion}: "
            f"{time.perf_counter() - started:.1f} s for {len(months)} months "
            f"({', '.join(f'{m:%Y-%m}' for m in months)})",
            flush=True,
        )


def _settings_before(captured: list[dict[str, Any]], query: dict[str, Any]) -> str:
    """The last planner settings set before ``query`` on its page: those it ran under, if it
    was steered (a block restores the settings after its query, so an unsteered query finds
    the restored ones, or none)."""
    before = captured[: captured.index(query)]
    return next((q["sql"] for q in reversed(before) if q["sql"].startswith(SETTINGS)), "")


SETTINGS = planning.SET.split(" FROM ")[0]


def _explain(page: Page) -> None:
    print(f"\n--- plan of the slowest query of “{page.label}” ({page.url}) ---")
    print(page.slowest_sql)
    if not page.slowest_sql.lstrip().upper().startswith("SELECT"):
        return  # EXPLAIN ANALYZE runs the statement: only reads are explained
    if page.slowest_settings_sql:  # the plan the page used, not the planner's own
        print(f"under the settings it ran with: {page.slowest_settings_sql}")
    try:
        _print_plan(page, "EXPLAIN (ANALYZE, BUFFERS)")
    except DatabaseError as error:  # a count stopped at its reading budget, as on the page
        print(f"stopped as on the page ({str(error).strip()}); the plan it ran:")
        _print_plan(page, "EXPLAIN")


def _print_plan(page: Page, explain: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        if page.slowest_settings_sql:
            cursor.execute(page.slowest_settings_sql)
        cursor.execute(f"{explain} {page.slowest_sql}")
        for (line,) in cursor.fetchall():
            print(line)
