"""Demo notifications: what the demo's own flows told people.

The other modules' demo loaders run their real actions, whose audit entries queued jobs to
follow them; this loader (the last) sets the demo family's preferences, runs those jobs and
sends everything through the outbox, so the demo accounts have an inbox and the SMS outbox shows
the texts. Running it again finds nothing new to do.
"""

from __future__ import annotations

from django.db import transaction

from minsheng.jobs import runner
from minsheng.jobs.models import Job
from minsheng.notifications import delivery
from minsheng.notifications.following import FOLLOW_JOB
from minsheng.notifications.models import Preference
from minsheng.notifications.sending import DELIVER_JOB
from minsheng.people.models import User

FAMILY_EMAIL = "zhao.lei@example.cn"


def load() -> None:
    _preferences()
    _run_notification_jobs()
    # Texts held for the night would wait for the morning: in the demo they go to the outbox now.
    delivery.deliver_due(include_deferred=True, limit=100_000)


def _preferences() -> None:
    """The demo elder shares her notifications with her verified son, who reads e-mail."""
    elder = User.objects.filter(username="elder").first()
    family = User.objects.filter(username="family").first()
    if elder is not None:
        Preference.objects.update_or_create(person=elder, defaults={"share_with_family": True})
    if family is not None:
        Preference.objects.update_or_create(person=family, defaults={"email": FAMILY_EMAIL})


def _run_notification_jobs() -> None:
    """The worker's part for notification jobs only (other queued jobs wait for the worker)."""
    while True:
        with transaction.atomic():
            job = (
                Job.objects.select_for_update(skip_locked=True)
                .filter(status=Job.Status.QUEUED, kind__in=(FOLLOW_JOB, DELIVER_JOB))
                .order_by("created_at")
                .first()
            )
            if job is None:
                return
            job.status = Job.Status.RUNNING
            job.save(update_fields=["status"])
        runner.run(job)
