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

SECTIONS = [
    ("dispatched", _("New: accept or return"), (Status.DISPATCHED,)),
    ("accepted", _("Accepted: contact the caller"), (Status.ACCEPTED,)),
    ("responded", _("In hand: record the result"), (Status.RESPONDED,)),
    ("handled", _("Waiting for the hotline's call-back"), (Status.HANDLED,)),
]


@login_required
def workbench(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "hotline.handle_case")
    now = timezone.now()
    mine = access.scope(
        request.user, "hotline.handle_case", Case.objects.select_related(*LIST_RELATED)
    )
    open_cases = list(
        mine.filter(status__in=[s for _, _, statuses in SECTIONS for s in statuses]).order_by(
            "handling_due", "id"
        )[:400]
    )
    sections = [
        (key, title, [c for c in open_cases if c.status in statuses])
        for key, title, statuses in SECTIONS
    ]
    overdue = [c for c in open_cases if c.is_overdue(now)]
    units = sorted(
        {
            a.organisation
            for a in request.user.role_assignments.select_related("organisation")
            if a.organisation is not None
        },
        key=lambda o: o.code,
    )
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
