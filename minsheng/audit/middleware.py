from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from minsheng.audit.context import ActingContext, acting


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it,
    # and production proxies are expected to set REMOTE_ADDR (gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR") or None


def channel_of(request: HttpRequest) -> str:
    if request.path.startswith("/api/") or request.path.startswith("/open311/"):
        return "api"
    if request.path.startswith("/admin/"):
        return "admin"
    return "web"


class RequestContextMiddleware:
    """Makes the acting user and their address available to the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The user is read lazily: DRF authenticates tokens after the middleware has run.
        context = ActingContext(
            user=_LazyUser(request), ip=client_ip(request), channel=channel_of(request)
        )
        with acting(context):
            return self.get_response(request)


class _LazyUser:
    """Resolves to the request's user when the audit log asks, after authentication."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def resolve(self) -> Any:
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None
