"""Queueing and running background jobs, in PostgreSQL: no broker to install or watch.

An app registers a handler for a job kind; ``minsheng worker`` (started by ``minsheng serve``)
claims queued jobs with ``SELECT ... FOR UPDATE SKIP LOCKED`` so several workers never take the
same job. Handlers report progress through :class:`Progress`.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.db import close_old_connections, transaction
from django.utils import timezone

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


def claim_next() -> Job | None:
    with transaction.atomic():
        job = (
            Job.objects.select_for_update(skip_locked=True)
            .filter(status=Job.Status.QUEUED)
            .order_by("created_at")
            .first()
        )
        if job is None:
            return None
        job.status = Job.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
        return job


def run(job: Job) -> Job:
    """Run one claimed job to its end; failures are stored on the job, not raised."""
    try:
        result = HANDLERS[job.kind](Progress(job), job.params)
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
    job.save(update_fields=["status", "result", "error", "progress", "finished_at"])
    return job


def run_pending(*, limit: int | None = None) -> int:
    """Run queued jobs until none is left (or ``limit`` ran); returns how many ran."""
    count = 0
    while limit is None or count < limit:
        job = claim_next()
        if job is None:
            return count
        run(job)
        count += 1
    return count


def work_forever(poll_seconds: float = 1.0) -> None:
    from minsheng.jobs.schedule import run_due

    while True:
        close_old_connections()
        run_due()
        if run_pending() == 0:
            time.sleep(poll_seconds)
