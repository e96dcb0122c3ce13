"""The office keeps its local working-day exceptions: each change checked, audited, at once."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.hotline.workdays import WorkdayException, official_is_working
from minsheng.people.models import User


def set_workday_exception(
    *, actor: User, day: dt.date, working: bool, reason: str
) -> WorkdayException:
    """Count ``day`` as a working day or a day off, whatever the official calendar says.

    Deadlines already set are not recomputed: the exception applies to deadlines set from now on.
    """
    access.require(actor, "hotline.add_workdayexception")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this day is counted otherwise.")})
    if official_is_working(day) == working:
        raise ValidationError(
            {"working": _("The official calendar already counts this day so: no exception needed.")}
        )
    with transaction.atomic():
        old = WorkdayException.objects.select_for_update().filter(day=day).first()
        before = {"working": old.working, "reason": old.reason} if old else None
        exception, _created = WorkdayException.objects.update_or_create(
            day=day, defaults={"working": working, "reason": reason.strip(), "created_by": actor}
        )
        record(
            action="hotline.set_workday_exception",
            target=exception,
            actor=actor,
            before=before,
            after={"day": day.isoformat(), "working": working, "reason": reason.strip()},
        )
    return exception


def remove_workday_exception(*, actor: User, exception: WorkdayException) -> None:
    access.require(actor, "hotline.delete_workdayexception")
    with transaction.atomic():
        record(
            action="hotline.remove_workday_exception",
            target=exception,
            actor=actor,
            before={
                "day": exception.day.isoformat(),
                "working": exception.working,
                "reason": exception.reason,
            },
        )
        exception.delete()
