"""Waiting for the caller, urging and supervision: the actions of one case, and the district's
supervision board."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.core.http import AuthenticatedRequest
from minsheng.hotline import forms, urging, waiting
from minsheng.hotline.models import Case, CaseQuerySet
from minsheng.hotline.stats import month_bounds
from minsheng.hotline.views.cases import LIST_RELATED, _perform, case_in_scope
from minsheng.people.models import Organisation
from minsheng.regions.models import Region


@login_required
@require_POST
def wait(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    return _perform(
        request,
        case,
        forms.ReasonForm(request.POST),
        lambda d: waiting.wait_for_caller(actor=request.user, case=case, reason=d["reason"]),
        str(_("The clock stops until the caller is back: the case is not overdue meanwhile.")),
    )


@login_required
@require_POST
def resume(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    return _perform(
        request,
        case,
        forms.ConfirmForm(request.POST),
        lambda d: waiting.resume(actor=request.user, case=case),
        str(_("The clock runs again; the deadlines moved on by the wait.")),
    )


@login_required
@require_POST
def urge(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    supervision = request.POST.get("supervision") == "1"
    return _perform(
        request,
        case,
        forms.ReasonForm(request.POST),
        lambda d: urging.urge_case(
            actor=request.user, case=case, reason=d["reason"], supervision=supervision
        ),
        str(_("The supervision order is issued.") if supervision else _("The unit is urged.")),
    )


@login_required
def board(request: AuthenticatedRequest) -> HttpResponse:
    """The supervision board of a district (or the city): red and amber cases, orders, units."""
    access.require(request.user, "hotline.view_supervision")
    now = timezone.now()
    districts = Region.objects.districts().order_by("code")
    district = districts.filter(code=request.GET.get("district", "")).first()
    cases: CaseQuerySet = access.scope(  # type: ignore[assignment]
        request.user, "hotline.view_supervision", Case.objects.select_related(*LIST_RELATED)
    )
    if district is not None:
        cases = cases.filter(region_path__startswith=district.path)
    red = urging.red(cases, now)
    amber = urging.amber(cases, now)
    supervised = cases.filter(
        urgings__kind=urging.Urging.Kind.SUPERVISION, status__in=urging.WORKING
    ).distinct()
    month = timezone.localdate().replace(day=1)
    start, end = month_bounds(month)
    urgings = access.scope(request.user, "hotline.view_supervision", urging.Urging.objects.all())
    if district is not None:
        urgings = urgings.filter(region_path__startswith=district.path)
    counts = urging.counts_by_unit(start, end, pk__in=urgings.values("pk"))
    return render(
        request,
        "hotline/supervision.html",
        {
            "now": now,
            "districts": districts,
            "district": district,
            "red_count": red.count(),
            "amber_count": amber.count(),
            "red": red.order_by("handling_due", "id")[:50],
            "supervised": supervised.order_by("handling_due", "id")[:50],
            "units": _unit_rows(red, amber, counts),
            "month": month,
        },
    )


def _unit_rows(
    red: CaseQuerySet, amber: CaseQuerySet, counts: dict[int, Counter[str]]
) -> list[dict[str, Any]]:
    """Per lead unit: red and amber cases now, urgings this month; the most urgent first."""
    reds = Counter(red.values_list("lead_unit_id", flat=True))
    ambers = Counter(amber.values_list("lead_unit_id", flat=True))
    ids = set(reds) | set(ambers) | set(counts)
    units = Organisation.objects.in_bulk([i for i in ids if i is not None])
    rows: list[dict[str, Any]] = [
        {
            "unit": units[unit_id],
            "red": reds.get(unit_id, 0),
            "amber": ambers.get(unit_id, 0),
            "urgings": sum(counts.get(unit_id, Counter()).values()),
            "supervision": counts.get(unit_id, Counter()).get(urging.Urging.Kind.SUPERVISION, 0),
        }
        for unit_id in ids
        if unit_id in units
    ]
    return sorted(rows, key=lambda r: (-r["red"], -r["urgings"], -r["amber"], r["unit"].code))[:60]


def signal_label(case: Case, now: dt.datetime) -> str:
    return str(urging.Signal(urging.signal(case, now)).label)
