"""API rate limits (DRF throttling), each refusal period written once to the audit log.

``anon`` counts per address, ``user`` per account, ``login`` (``/api/token/``) per address.
Rates are settings (``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``), read at each request so that
they can be changed without a restart of the class definitions. Counters live in Django's cache:
per process with the default local-memory cache, shared with a shared cache.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from minsheng.audit.actions import record


class AuditedThrottle(SimpleRateThrottle):
    """Writes ``api.throttled`` to the audit log the first time a client is refused in a period."""

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return str(rate) if rate is not None else None

    def allow_request(self, request: Request, view: Any) -> bool:
        allowed = super().allow_request(request, view)
        if not allowed and self.key and cache.add(f"{self.key}:audited", True, self._period()):
            record(
                action="api.throttled",
                target=None,
                after={"scope": self.scope, "rate": self.rate, "path": request.path},
            )
        return allowed

    def _period(self) -> int:
        return self.parse_rate(self.rate)[1] or 60


class AnonymousThrottle(AuditedThrottle, AnonRateThrottle):
    scope = "anon"


class UserThrottle(AuditedThrottle, UserRateThrottle):
    scope = "user"


class LoginThrottle(AuditedThrottle):
    """Attempts to obtain an API token, per address whoever they claim to be."""

    scope = "login"

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
