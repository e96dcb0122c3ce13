"""``/healthz`` and ``/readyz`` for load balancers and process managers.

``/healthz`` (liveness) says the process answers; it never touches the database, so a database
outage does not make a process manager kill healthy web workers. ``/readyz`` (readiness) says
the platform can serve: the database answers, every migration is applied and a job worker showed
a sign of life within its lease. Both are answered before host checks and HTTPS redirects, as
load balancers probe by address over plain HTTP.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from minsheng.core.availability import DATABASE_DOWN, close_connections

LIVENESS_PATHS = {"/healthz", "/healthz/"}
READINESS_PATHS = {"/readyz", "/readyz/"}

_migrations_applied = False  # once true, stays true for the life of the process


class HealthCheckMiddleware:
    """Answers the two probes itself; first in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in LIVENESS_PATHS:
            return _plain(HttpResponse("ok\n", content_type="text/plain"))
        if request.path in READINESS_PATHS:
            return _plain(readiness())
        return self.get_response(request)


def readiness() -> JsonResponse:
    checks = {"database": "ok", "migrations": "ok", "worker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _all_migrations_applied():
            checks["migrations"] = "pending"
        if settings.MINSHENG_READY_NEEDS_WORKER and not _worker_alive():
            checks["worker"] = "no sign of life"
    except (*DATABASE_DOWN, DatabaseError) as error:
        close_connections()
        checks = {"database": f"unreachable: {type(error).__name__}"}
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )


def _all_migrations_applied() -> bool:
    global _migrations_applied
    if not _migrations_applied:
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        _migrations_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrations_applied


def _worker_alive() -> bool:
    from minsheng.jobs.leases import workers_alive

    return workers_alive() > 0


def _plain(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response
