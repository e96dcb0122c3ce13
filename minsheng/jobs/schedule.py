"""Periodic work (auto-confirming old service orders, flagging overdue cases, escalating
supervision items), run by ``minsheng worker`` or by cron through ``minsheng run-periodic``.

Each periodic function is registered with :func:`every`; its last run is kept in the database,
and the row is locked while it runs so two workers never run it at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from minsheng.jobs.models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    interval: dt.timedelta
    function: Callable[[], Any]


PERIODIC: dict[str, Periodic] = {}


def every(
    *, name: str, minutes: int = 0, hours: int = 0
) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register ``function()`` to run at most once per interval."""
    interval = dt.timedelta(minutes=minutes, hours=hours)
    if interval <= dt.timedelta(0):
        raise ValueError("A periodic function needs a positive interval.")

    def register(function: Callable[[], Any]) -> Callable[[], Any]:
        PERIODIC[name] = Periodic(name, interval, function)
        return function

    return register


def run_due(*, now: dt.datetime | None = None, force: bool = False) -> list[str]:
    """Run every periodic function whose interval has passed; return the names that ran."""
    ran = []
    for periodic in sorted(PERIODIC.values(), key=lambda p: p.name):
        if _run_if_due(periodic, now or timezone.now(), force):
            ran.append(periodic.name)
    return ran


def _run_if_due(periodic: Periodic, now: dt.datetime, force: bool) -> bool:
    PeriodicRun.objects.get_or_create(name=periodic.name)
    with transaction.atomic():
        state = (
            PeriodicRun.objects.select_for_update(skip_locked=True)
            .filter(name=periodic.name)
            .first()
        )
        if state is None:  # another worker is running it right now
            return False
        due = state.last_started_at is None or now - state.last_started_at >= periodic.interval
        if not (due or force):
            return False
        state.last_started_at = now
        try:
            # A savepoint: a failure is recorded without losing the lock's transaction.
            with transaction.atomic():
                periodic.function()
        except Exception:  # kept on the row for administrators to see
            logger.exception("Periodic %s failed", periodic.name)
            state.last_error = traceback.format_exc(limit=5)
        else:
            state.last_error = ""
        state.last_finished_at = timezone.now()
        state.save()
    return True
