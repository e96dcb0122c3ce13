"""The handling unit's workbench: its cases by what needs doing, with deadlines."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng import access
from minsheng.core.http import AuthenticatedRequest
from minsheng.hotline.models import Case, Status
from minsheng.hotline.views.cases import LIST_RELATED
from minsheng.people.models import Organisation

SECTIONS = [
    ("dispatched", _("New: accept or return"), (Status.DISPATCHED,)),
    ("accepted", _("Accepted: contact the caller"), (Status.ACCEPTED,)),
    ("responded", _("In hand: record the result"), (Status.RESPONDED,)),
    ("handled", _("Waiting for the hotline's call-back"), (Status.HANDLED,)),
]


SHOWN = 400
OPEN = [status for _, _, statuses in SECTIONS for status in statuses]


def _open_case_ids(units: list[Organisation]) -> list[int]:
    """The first open cases the units lead and those they cooperate on, each found by its own
    index: the access rule's "leads or cooperates" is one OR across a join, which PostgreSQL
    answers by reading every open case in the city. The access rule still filters the result.
    """
    open_cases = Case.objects.filter(status__in=OPEN).order_by("handling_due", "id")
    led = open_cases.filter(lead_unit__in=units).values_list("id", flat=True)[:SHOWN]
    helped = open_cases.filter(cooperating__organisation__in=units)
    return [*led, *helped.values_list("id", flat=True)[:SHOWN]]


@login_required
def workbench(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "hotline.handle_case")
    now = timezone.now()
    units = sorted(
        {
            a.organisation
            for a in request.user.role_assignments.select_related("organisation")
            if a.organisation is not None
        },
        key=lambda o: o.code,
    )
    mine = access.scope(
        request.user, "hotline.handle_case", Case.objects.select_related(*LIST_RELATED)
    )
    open_cases = list(
        mine.filter(pk__in=_open_case_ids(units)).order_by("handling_due", "id")[:SHOWN]
    )
    sections = [
        (key, title, [c for c in open_cases if c.status in statuses])
        for key, title, statuses in SECTIONS
    ]
    overdue = [c for c in open_cases if c.is_overdue(now)]
    return render(
        request,
        "hotline/workbench.html",
        {
            "sections": sections,
            "overdue": overdue,
            "now": now,
            "units": units,
            "shown": len(open_cases),
            # Whether the unit leads (主办) or assists (协办) on each case.
            "my_units": {unit.pk for unit in units},
        },
    )
