"""Background work of notifications: following actions, sending, retrying, the weekly digest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from minsheng.jobs.models import Job
from minsheng.jobs.runner import Progress, enqueue, handler
from minsheng.jobs.schedule import every
from minsheng.notifications import delivery, following
from minsheng.notifications.models import Delivery
from minsheng.notifications.sending import DELIVER_JOB

DUE_JOB = "notifications.deliver_due"


@handler(following.FOLLOW_JOB)
def follow(progress: Progress, params: dict[str, Any]) -> dict[str, Any]:
    moment = dt.datetime.fromisoformat(params["at"])
    return {"handlers": following.run(int(params["entry"]), moment)}


@handler(DELIVER_JOB)
def deliver(progress: Progress, params: dict[str, Any]) -> dict[str, Any]:
    return {"sent": delivery.deliver_event(int(params["event"]))}


@handler(DUE_JOB)
def deliver_due_job(progress: Progress, params: dict[str, Any]) -> dict[str, Any]:
    return {"sent": delivery.deliver_due()}


@every(name="notifications.deliver_due", minutes=1)
def deliver_due() -> None:
    """Retries whose wait is over, and text messages held for the night: sent by a job, so
    that no sending happens inside the periodic run's transaction."""
    now = timezone.now()
    due = Delivery.objects.filter(status__in=Delivery.PENDING, next_attempt_at__lte=now)
    lost = Delivery.objects.filter(status=Delivery.Status.SENDING, next_attempt_at__lte=now)
    waiting = Job.objects.filter(kind=DUE_JOB, status=Job.Status.QUEUED)
    if (due.exists() or lost.exists()) and not waiting.exists():
        enqueue(DUE_JOB, {})


@every(name="notifications.weekly_digest", hours=24)
def weekly_digest() -> None:
    """Once a week (on Mondays), each person's waiting work as an e-mail."""
    from minsheng.notifications import digest

    digest.send_weekly()
