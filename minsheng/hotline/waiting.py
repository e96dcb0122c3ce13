"""The clock stops while the case waits for the caller.

The lead unit may record that it waits for the caller while it holds an accepted case or one
whose caller it has contacted (``accepted``, ``responded``): the caller cannot be reached after
repeated attempts, asks to be visited on a later day, or is to bring documents. While it waits
the case is not overdue and is not urged. The clock runs again when the unit says so, or by
itself when the case moves on (contact, result, return, re-dispatch); each deadline then moves on
by the time the wait took, measured as its rule measures (``deadlines.Deadlines.after_wait``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.audit.actions import record
from minsheng.hotline import actions
from minsheng.hotline.actions import cases as case_actions
from minsheng.hotline.deadlines import Deadlines
from minsheng.hotline.models import Case, CaseEvent, Status
from minsheng.people.models import Organisation, User

# The states in which the unit may stop the clock.
MAY_WAIT = (Status.ACCEPTED, Status.RESPONDED)


def wait_for_caller(*, actor: User, case: Case, reason: str) -> Case:
    """The lead unit waits for the caller: the deadlines stand still until it ends."""
    unit = actions.acting_unit(actor, case)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what you are waiting for from the caller.")})
    with transaction.atomic():
        case = case_actions._locked(case)
        if case.status not in MAY_WAIT:
            raise ValidationError(
                _("The clock can stop only while the unit works on an accepted case.")
            )
        if case.waiting_since is not None:
            raise ValidationError(_("The case already waits for the caller."))
        case.waiting_since = timezone.now()
        case.save(update_fields=["waiting_since", "updated_at"])
        case_actions._event(
            case, CaseEvent.Kind.WAITING, actor=actor, unit=unit, note=reason.strip()
        )
        record(
            action="hotline.wait_for_caller",
            target=case,
            actor=actor,
            after={"waiting_since": case.waiting_since.isoformat()},
            note=reason.strip(),
        )
    return case


def resume(*, actor: User, case: Case, note: str = "") -> Case:
    """The wait is over: the clock runs again and the deadlines move on by the wait."""
    unit = actions.acting_unit(actor, case)
    with transaction.atomic():
        case = case_actions._locked(case)
        if case.waiting_since is None:
            raise ValidationError(_("The case does not wait for the caller."))
        end_wait(case, actor=actor, unit=unit, note=note)
        case.save()
        record(
            action="hotline.resume_clock",
            target=case,
            actor=actor,
            after={
                "response_due": _iso(case.response_due),
                "handling_due": _iso(case.handling_due),
            },
            note=note.strip(),
        )
    return case


def end_wait(
    case: Case,
    *,
    actor: User | None,
    unit: Organisation | None,
    note: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Run the clock again on a locked case (the caller saves it): deadlines moved, an event.

    Called by :func:`resume` and by the actions that move a waiting case on.
    """
    if case.waiting_since is None:
        return
    now = now or timezone.now()
    since = case.waiting_since
    before = (case.response_due, case.handling_due)
    case.response_due, case.handling_due = Deadlines().after_wait(
        case.kind,
        case.urgency,
        case.received_at,
        case.response_due,
        case.handling_due,
        since,
        now,
    )
    case.waiting_since = None
    case_actions._event(
        case,
        CaseEvent.Kind.RESUMED,
        actor=actor,
        unit=unit,
        note=note.strip(),
        data={
            "waited_from": since.isoformat(),
            "response_due": [_iso(before[0]), _iso(case.response_due)],
            "handling_due": [_iso(before[1]), _iso(case.handling_due)],
        },
        at=now,
    )


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None
