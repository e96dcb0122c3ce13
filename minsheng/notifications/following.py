"""Following the actions of other modules through the audit log.

Every change in the platform goes through one action that writes its audit entry inside its
transaction; a module says which of those actions it wants to tell people about
(``registry.follow``). While the action runs, this only notes the entry; once it commits, a job
on the jobs queue hands the recorded action to the module's handler, which calls ``notify``.
The business request thus pays for one insert, and a rolled-back action leaves nothing.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.db import transaction

from minsheng.audit.models import AuditEntry
from minsheng.notifications.registry import FOLLOWERS, Occurrence

FOLLOW_JOB = "notifications.follow"


def listen(entry: AuditEntry) -> None:
    """Called for each new audit entry, inside its transaction: no query here."""
    followers = FOLLOWERS.get(entry.action)
    if not followers:
        return
    moment = followers[0].clock()
    transaction.on_commit(partial(_queue, entry.pk, moment), robust=True)


def _queue(entry_id: int, moment: dt.datetime) -> None:
    from minsheng.jobs.runner import enqueue

    enqueue(FOLLOW_JOB, {"entry": entry_id, "at": moment.isoformat()})


def occurrence(entry: AuditEntry, moment: dt.datetime) -> Occurrence:
    target: Any = None
    if entry.target_type is not None and entry.target_id:
        model = entry.target_type.model_class()
        if model is not None:
            target = model._default_manager.filter(pk=entry.target_id).first()
    return Occurrence(
        action=entry.action,
        target=target,
        actor=entry.actor,
        at=moment,
        before=entry.before or {},
        after=entry.after or {},
        note=entry.note,
        entry_id=entry.pk,
    )


def run(entry_id: int, moment: dt.datetime) -> int:
    """Hand the recorded action to every handler that follows it; returns how many ran."""
    entry = AuditEntry.objects.select_related("actor", "target_type").filter(pk=entry_id).first()
    if entry is None:
        return 0
    happened = occurrence(entry, moment)
    followers = FOLLOWERS.get(entry.action, [])
    for follower in followers:
        follower.handler(happened)
    return len(followers)
