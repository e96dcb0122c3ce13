"""What a resident sees of their own case: its status in plain words and the public steps.

Only steps that concern the resident are shown (received, sent to which unit, the unit's
reply, the survey, reopened, closed, what they added), each with the unit at most: never
internal notes, returns between staff, or staff names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from minsheng.hotline.models import Case, CaseAttachment, CaseEvent, Rating, Status

Kind = CaseEvent.Kind
PUBLIC_STEPS = (
    Kind.RECEIVED,
    Kind.DISPATCHED,
    Kind.HANDLED,
    Kind.SURVEYED,
    Kind.REOPENED,
    Kind.CLOSED,
    Kind.MERGED,
    Kind.SUPPLEMENTED,
)


@dataclass
class Step:
    at: dt.datetime
    title: str
    text: str = ""
    photos: list[CaseAttachment] = field(default_factory=list)


def plain_status(case: Case) -> str:
    unit = case.lead_unit.display_name if case.lead_unit else ""
    if case.status in (Status.RECEIVED, Status.RETURNED):
        return _("Received. The hotline is sending it to the unit in charge.")
    if case.status in (Status.DISPATCHED, Status.ACCEPTED, Status.RESPONDED):
        return _("%(unit)s is handling your request.") % {"unit": unit}
    if case.status == Status.HANDLED:
        return _("%(unit)s has replied. Please tell us below whether the problem is solved.") % {
            "unit": unit
        }
    if case.status == Status.MERGED:
        return _("Handled together with an earlier request about the same problem.")
    return _("Closed.")


def steps(case: Case) -> list[Step]:
    events = list(
        case.events.filter(kind__in=PUBLIC_STEPS)
        .select_related("unit")
        .prefetch_related("attachments")
        .order_by("at", "id")
    )
    return [_step(event) for event in events]


def _step(event: CaseEvent) -> Step:
    unit = event.unit.display_name if event.unit else ""
    photos = list(event.attachments.all())
    titles: dict[str, Any] = {
        Kind.RECEIVED: _("Received"),
        Kind.DISPATCHED: _("Sent to %(unit)s") % {"unit": unit},
        Kind.HANDLED: _("Reply from the unit"),
        Kind.SURVEYED: _("Your answer to the survey"),
        Kind.REOPENED: _("Reopened: back with %(unit)s") % {"unit": unit},
        Kind.CLOSED: _("Closed"),
        Kind.MERGED: _("Handled together with an earlier request"),
        Kind.SUPPLEMENTED: _("You added information"),
    }
    # Only the unit's reply, the resident's own words and their own answer are shown as text.
    text = event.note if event.kind in (Kind.HANDLED, Kind.SUPPLEMENTED) else ""
    if event.kind == Kind.SURVEYED and event.data.get("rating") in Rating.values:
        text = str(Rating(event.data["rating"]).label)
    return Step(at=event.at, title=str(titles[event.kind]), text=text, photos=photos)
