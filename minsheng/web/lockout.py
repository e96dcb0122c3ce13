"""Log-in guessing: lockout by account and by address (django-axes), its message, and unlocking.

After ``AXES_FAILURE_LIMIT`` wrong passwords for one login name, or from one address, log-in is
refused for ``AXES_COOLOFF_TIME`` even with the right password, on the web page and on
``/api/token/`` alike. The lockout and every unlock are written to the audit log; staff unlock
from the page ``/accounts/locked/`` or with ``minsheng unlock-login``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from minsheng.audit.actions import record

LOCKED_STATUS = 429


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    minutes = cooloff_minutes()
    return ngettext(
        "Too many wrong passwords for this account or from this address. For your safety, "
        "logging in is paused for %(minutes)d minute. Your service station or administrator "
        "can unlock it sooner.",
        "Too many wrong passwords for this account or from this address. For your safety, "
        "logging in is paused for %(minutes)d minutes. Your service station or administrator "
        "can unlock it sooner.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The web log-in page, saying why it refuses (``AXES_LOCKOUT_CALLABLE``)."""
    return render(
        request,
        "registration/locked_out.html",
        {"message": lockout_message()},
        status=LOCKED_STATUS,
    )


def is_locked_out(request: Any) -> bool:
    """Whether axes refused this request's log-in (on Django's or DRF's request object)."""
    return bool(
        getattr(request, "axes_locked_out", False)
        or getattr(getattr(request, "_request", None), "axes_locked_out", False)
    )


@receiver(user_locked_out)
def record_lockout(sender: Any, request: Any, username: str | None, **kwargs: Any) -> None:
    """One audit entry when a lockout begins (not one per refused attempt while it lasts)."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None and failures > settings.AXES_FAILURE_LIMIT:
        return
    record(
        action="login.locked_out",
        target=_account(username),
        actor=None,
        after={"username": username or "", "address": kwargs.get("ip_address") or ""},
        note=gettext("Log-in locked after %(count)d wrong passwords.")
        % {"count": settings.AXES_FAILURE_LIMIT},
    )


@dataclass(frozen=True)
class Lockout:
    username: str
    address: str
    failures: int
    last_attempt: dt.datetime


def current_lockouts() -> list[Lockout]:
    """Accounts and addresses refused now, the most recent first."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")
    return [
        Lockout(a.username or "", a.ip_address or "", a.failures_since_start, a.attempt_time)
        for a in attempts
    ]


def unlock(*, actor: Any, username: str = "", address: str = "") -> int:
    """Forget the failed attempts of ``username`` and/or from ``address``; audited."""
    if not (username or address):
        raise ValueError(gettext("Name a login name or an address to unlock."))
    from axes.utils import reset

    with transaction.atomic():
        cleared = reset(ip=address or None, username=username or None)
        record(
            action="login.unlocked",
            target=_account(username),
            actor=actor,
            after={"username": username, "address": address, "attempts_cleared": cleared},
        )
    return cleared


def _account(username: str | None) -> Any:
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()
