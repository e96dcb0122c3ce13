"""Queueing and running background jobs, in PostgreSQL: no broker to install or watch.

An app registers a handler for a job kind; ``minsheng worker`` (started by ``minsheng serve``)
claims queued jobs with ``SELECT ... FOR UPDATE SKIP LOCKED`` so several workers never take the
same job. Handlers report progress through :class:`Progress`.

The worker never dies of a database outage: it closes the broken connection, waits with a growing
delay and carries on; the job it was running is queued again (see :mod:`minsheng.jobs.leases`).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.db import (
    DatabaseError,
    InterfaceError,
    close_old_connections,
    transaction,
)
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from minsheng.core.availability import DATABASE_DOWN, close_connections
from minsheng.core.backoff import Backoff
from minsheng.jobs import leases
from minsheng.jobs.models import Job

logger = logging.getLogger(__name__)

Handler = Callable[["Progress", dict[str, Any]], Any]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register ``function(progress, params) -> result`` for jobs of ``kind``."""

    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function

    return register


class Progress:
    """Handed to a handler; writes progress at most every half second."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last_write = 0.0

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        if total is not None:
            self.job.total = total
        self.job.progress = min(done, self.job.total) if self.job.total else done
        if message:
            self.job.message = message[:200]
        now = time.monotonic()
        if now - self._last_write >= 0.5 or (self.job.total and done >= self.job.total):
            self._last_write = now
            Job.objects.filter(pk=self.job.pk).update(
                progress=self.job.progress, total=self.job.total, message=self.job.message
            )


def enqueue(kind: str, params: dict[str, Any], *, created_by: Any = None) -> Job:
    if kind not in HANDLERS:
        raise ValueError(f"No handler is registered for jobs of kind {kind!r}.")
    return Job.objects.create(kind=kind, params=params, created_by=created_by)


def claim_next(*, worker: str = "") -> Job | None:
    with transaction.atomic():
        job = (
            Job.objects.select_for_update(skip_locked=True)
            .filter(status=Job.Status.QUEUED)
            .order_by("created_at")
            .first()
        )
        if job is None:
            return None
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.RUNNING,
            started_at=timezone.now(),
            heartbeat_at=timezone.now(),
            attempts=F("attempts") + 1,
            worker=worker,
        )
        job.refresh_from_db()
        return job


def run(job: Job) -> Job:
    """Run one claimed job to its end; failures are stored on the job, not raised.

    A lost database connection is raised instead: the job is not at fault and is run again.
    """
    try:
        result = HANDLERS[job.kind](Progress(job), job.params)
    except DATABASE_DOWN:
        raise
    except Exception:  # the job records any failure for the user to see
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        job.status = Job.Status.FAILED
        job.error = traceback.format_exc(limit=5)
    else:
        job.status = Job.Status.DONE
        job.result = result
        if job.total:
            job.progress = job.total
    job.finished_at = timezone.now()
    # Only while the job is still ours: if its lease ran out and it was given to another worker,
    # this late result is dropped rather than written over the other run.
    finished = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=job.worker).update(
        status=job.status,
        result=job.result,
        error=job.error,
        progress=job.progress,
        finished_at=job.finished_at,
    )
    if not finished:
        logger.warning("Job %s (%s) was taken over while it ran; result dropped", job.pk, job.kind)
    return job


def run_pending(*, limit: int | None = None, heartbeat: leases.Heartbeat | None = None) -> int:
    """Run queued jobs until none is left (or ``limit`` ran); returns how many ran."""
    count = 0
    worker = heartbeat.name if heartbeat is not None else ""
    while limit is None or count < limit:
        job = claim_next(worker=worker)
        if job is None:
            return count
        if heartbeat is not None:
            heartbeat.current_job = job.pk
        run(job)
        if heartbeat is not None:
            heartbeat.current_job = None
        count += 1
    return count


def work_forever(
    poll_seconds: float = 1.0,
    *,
    stop: threading.Event | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Run jobs and periodic work until ``stop`` is set; survives any database outage."""
    from minsheng.jobs.schedule import run_due

    stop = stop or threading.Event()
    heartbeat = leases.Heartbeat(leases.worker_name())
    heartbeat.start()
    backoff = Backoff(initial=0.5, maximum=15.0)
    interrupted: Any = None
    try:
        while not stop.is_set():
            try:
                close_old_connections()
                if interrupted is not None:
                    _release_interrupted(interrupted)
                    interrupted = None
                leases.reap_stale()
                run_due()
                ran = run_pending(heartbeat=heartbeat)
            except (DatabaseError, InterfaceError) as error:
                # Any database trouble (a restart, a cut connection, tables not migrated yet):
                # wait and try again rather than die.
                interrupted = heartbeat.current_job or interrupted
                heartbeat.current_job = None
                delay = backoff.next_delay()
                logger.warning("Database unavailable (%s); trying again in %.1f s", error, delay)
                close_connections()
                sleep(delay)
                continue
            backoff.reset()
            if ran == 0:
                sleep(poll_seconds)
    finally:
        heartbeat.stop()
        _release_on_exit(heartbeat.current_job)


def _release_interrupted(job_id: Any) -> None:
    leases.release(
        Job.objects.filter(pk=job_id),
        reason=gettext("The database connection was lost while the job ran; it was started again."),
    )


def _release_on_exit(job_id: Any) -> None:
    """The worker is stopping in the middle of a job: hand the job to the next worker now."""
    if job_id is None:
        return
    # If the database is away too, the lease runs out and the reaper releases the job.
    with contextlib.suppress(DatabaseError, InterfaceError):
        leases.release(
            Job.objects.filter(pk=job_id),
            reason=gettext("The worker was stopped while the job ran; it was started again."),
        )
