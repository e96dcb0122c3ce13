"""Periodic work (auto-confirming old service orders, flagging overdue cases, escalating
supervision items), run by ``minsheng worker`` or by cron through ``minsheng run-periodic``.

Each periodic function is registered with :func:`every`; its last run is kept in the database,
and the row is locked while it runs so two workers never run it at once. A function registered
with ``commits=True`` runs outside any transaction and commits its own steps (a long refresh
that must not hold its locks to the end); a session advisory lock keeps it to one worker at a
time instead, and is let go if that worker's connection drops.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from minsheng.jobs.models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    interval: dt.timedelta
    function: Callable[[], Any]
    commits: bool = False


PERIODIC: dict[str, Periodic] = {}


def every(
    *, name: str, minutes: int = 0, hours: int = 0, commits: bool = False
) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register ``function()`` to run at most once per interval (``commits``: outside any
    transaction, committing as it goes)."""
    interval = dt.timedelta(minutes=minutes, hours=hours)
    if interval <= dt.timedelta(0):
        raise ValueError("A periodic function needs a positive interval.")

    def register(function: Callable[[], Any]) -> Callable[[], Any]:
        PERIODIC[name] = Periodic(name, interval, function, commits)
        return function

    return register


def run_due(*, now: dt.datetime | None = None, force: bool = False) -> list[str]:
    """Run every periodic function whose interval has passed; return the names that ran."""
    ran = []
    for periodic in sorted(PERIODIC.values(), key=lambda p: p.name):
        run = _run_committing if periodic.commits else _run_if_due
        if run(periodic, now or timezone.now(), force):
            ran.append(periodic.name)
    return ran


def _due(periodic: Periodic, state: PeriodicRun, now: dt.datetime) -> bool:
    """Whether ``periodic`` never ran, or its interval has passed since it last started."""
    return state.last_started_at is None or now - state.last_started_at >= periodic.interval


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
        if not (_due(periodic, state, now) or force):
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


def _run_committing(periodic: Periodic, now: dt.datetime, force: bool) -> bool:
    """Run ``periodic`` outside any transaction, one worker at a time (an advisory lock held by
    this connection until the run ends)."""
    PeriodicRun.objects.get_or_create(name=periodic.name)
    with _advisory_lock(f"minsheng.periodic:{periodic.name}") as held:
        if not held:  # another worker is running it right now
            return False
        state = PeriodicRun.objects.get(name=periodic.name)
        if not (_due(periodic, state, now) or force):
            return False
        PeriodicRun.objects.filter(pk=state.pk).update(last_started_at=now)
        error = ""
        try:
            periodic.function()
        except Exception:  # kept on the row for administrators to see
            logger.exception("Periodic %s failed", periodic.name)
            error = traceback.format_exc(limit=5)
        PeriodicRun.objects.filter(pk=state.pk).update(
            last_error=error, last_finished_at=timezone.now()
        )
    return True


@contextmanager
def _advisory_lock(name: str) -> Iterator[bool]:
    """A session-level advisory lock on ``name``, if no other session holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", [name])
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", [name])
