"""Leases: how a job outlives the worker that was running it.

A worker renews the heartbeat of the job it runs (and its own row in ``WorkerHeartbeat``) every
few seconds from a background thread. A running job whose heartbeat is older than the lease lost
its worker (killed, machine rebooted, database connection gone for good): it is queued again, or
marked failed with the reason once it has used its attempts. Nothing running is ever lost.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from typing import Any

from django.db import DatabaseError, InterfaceError, close_old_connections
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from minsheng.core.availability import close_connections
from minsheng.jobs.models import Job, WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0
LEASE = dt.timedelta(seconds=30)
MAX_ATTEMPTS = 3
FORGET_WORKERS_AFTER = dt.timedelta(days=1)


def worker_name() -> str:
    """Unique per worker process: host, process id and a random suffix (process ids repeat)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def release(jobs: QuerySet[Job], *, reason: str, now: dt.datetime | None = None) -> int:
    """Queue the running ``jobs`` again, or fail those that used their attempts.

    Each UPDATE re-checks its WHERE clause on the rows it locks, so a job that finished, or
    whose lease was renewed, in the meantime is left alone.
    """
    now = now or timezone.now()
    running = jobs.filter(status=Job.Status.RUNNING)
    retried = running.filter(attempts__lt=MAX_ATTEMPTS).update(
        status=Job.Status.QUEUED, worker="", heartbeat_at=None, message=reason[:200]
    )
    failed = running.update(
        status=Job.Status.FAILED,
        worker="",
        finished_at=now,
        error=gettext("%(reason)s It was tried %(count)d times; it is not tried again.")
        % {"reason": reason, "count": MAX_ATTEMPTS},
    )
    if retried or failed:
        logger.warning("Jobs released: %d queued again, %d failed (%s)", retried, failed, reason)
    return retried + failed


def reap_stale(*, now: dt.datetime | None = None) -> int:
    """Release running jobs whose worker stopped renewing their lease; forget old workers."""
    now = now or timezone.now()
    cutoff = now - LEASE
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_WORKERS_AFTER).delete()
    stale = Job.objects.filter(status=Job.Status.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    if not stale.exists():
        return 0
    return release(
        stale,
        reason=gettext("The worker running this job stopped; the job was started again."),
        now=now,
    )


def workers_alive(*, now: dt.datetime | None = None) -> int:
    """How many workers showed a sign of life within the lease."""
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(seen_at__gte=now - LEASE).count()


class Heartbeat:
    """The worker's sign of life and the lease of its current job, renewed by :meth:`beat`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.started_at = timezone.now()
        self.current_job: Any = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def beat(self) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            name=self.name,
            defaults={"seen_at": now},
            create_defaults={"seen_at": now, "started_at": self.started_at},
        )
        job_id = self.current_job
        if job_id is not None:
            Job.objects.filter(pk=job_id, status=Job.Status.RUNNING, worker=self.name).update(
                heartbeat_at=now
            )

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="job-heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=HEARTBEAT_SECONDS * 2)

    def _run(self) -> None:
        # Its own thread, so its own database connection: a long job never starves the lease.
        while not self._stop.is_set():
            try:
                close_old_connections()
                self.beat()
            except (DatabaseError, InterfaceError) as error:
                logger.warning("Worker heartbeat not written (%s); trying again.", error)
                close_connections()
            self._stop.wait(HEARTBEAT_SECONDS)
        close_connections()
