"""While the database is away, pages answer 503 "back in a moment" instead of a server error.

The database restarting (``minsheng serve`` starts it again within seconds) is not a bug in the
request: the person is asked to try again, with ``Retry-After`` for programs, and the broken
connection is closed so that the next request opens a fresh one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext

from minsheng.core.availability import DATABASE_DOWN, close_connections

RETRY_AFTER_SECONDS = 10


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection in a view into a 503 answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_DOWN):
            return unavailable(request)
        return None


def database_is_down() -> bool:
    """Whether the exception being handled (in the 500 handler) is the database being away.

    Errors raised in middleware (the session, the log-in) never reach ``process_exception``;
    they reach the 500 handler, which asks here.
    """
    return isinstance(sys.exc_info()[1], DATABASE_DOWN)


def unavailable(request: HttpRequest) -> HttpResponse:
    close_connections()
    message = gettext(
        "The service is restarting and will be back in a moment. Nothing was lost: please try "
        "again in a few seconds."
    )
    response: HttpResponse
    if request.path.startswith(("/api/", "/open311/")):
        response = JsonResponse({"error": {"code": "unavailable", "message": message}}, status=503)
    else:
        # No request context: the context processors would read the session from the database.
        html = render_to_string("web/unavailable.html", {"message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
