"""Group activities: volunteers join; the station confirms each attendance."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.core.http import AuthenticatedRequest
from minsheng.timebank import clock
from minsheng.timebank.actions import activities as activity_actions
from minsheng.timebank.forms import ActivityForm, AttendanceForm
from minsheng.timebank.models import Attendance, GroupActivity, ServiceItem, Station
from minsheng.timebank.views.common import attempt, form_page, scoped


@login_required
def activity_list(request: AuthenticatedRequest) -> HttpResponse:
    manage = access.can(request.user, "timebank.manage_activity")
    if not manage:
        access.require(request.user, "timebank.join_activity")
    upcoming = GroupActivity.objects.filter(ends_at__gte=clock.now()).select_related(
        "station__organisation", "item"
    )
    mine = set(
        Attendance.objects.filter(volunteer=request.user).values_list("activity_id", flat=True)
    )
    managed = (
        access.scope(request.user, "timebank.manage_activity", GroupActivity.objects.all())
        .select_related("station__organisation")
        .order_by("-starts_at")[:30]
        if manage
        else []
    )
    return render(
        request,
        "timebank/activities.html",
        {
            "upcoming": upcoming.order_by("starts_at")[:50],
            "mine": mine,
            "managed": managed,
            "manage": manage,
        },
    )


@login_required
def activity_new(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "timebank.manage_activity")
    stations = access.scope(request.user, "timebank.manage_activity", Station.objects.approved())
    station = stations.select_related("region").first()
    if station is None:
        return redirect("timebank:activities")
    items = ServiceItem.objects.available_in(station.region)
    return form_page(
        request,
        ActivityForm(request.POST or None, items=items),
        lambda data: activity_actions.create_activity(actor=request.user, station=station, **data),
        success=_("The activity is open for volunteers."),
        done=lambda activity: redirect("timebank:activity", pk=activity.pk),
        title=_("New group activity"),
        submit=_("Create"),
    )


def _activity(request: AuthenticatedRequest, pk: int) -> GroupActivity:
    queryset = GroupActivity.objects.select_related("station__organisation", "item", "district")
    if access.can(request.user, "timebank.manage_activity"):
        found = access.scope(request.user, "timebank.manage_activity", queryset).filter(pk=pk)
        if found.exists():
            return found.get()
    if access.can(request.user, "timebank.join_activity"):
        return get_object_or_404(queryset, pk=pk)
    return scoped(request, "timebank.manage_activity", queryset, pk)


@login_required
def activity_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    manage = access.can(request.user, "timebank.manage_activity", activity)
    attendances = activity.attendances.select_related("volunteer", "confirmed_by")
    return render(
        request,
        "timebank/activity_detail.html",
        {
            "activity": activity,
            "manage": manage,
            "attendances": attendances if manage else None,
            "joined": activity.attendances.filter(volunteer=request.user).exists(),
            "count": activity.attendances.count(),
            "form": AttendanceForm(initial={"minutes": activity.planned_minutes}),
        },
    )


@login_required
@require_POST
def activity_join(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    attempt(
        request,
        lambda: activity_actions.join_activity(actor=request.user, activity=activity),
        success=_("You are signed up. Thank you!"),
    )
    return redirect("timebank:activity", pk=activity.pk)


@login_required
@require_POST
def attendance_confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    attendance = scoped(request, "timebank.manage_activity", Attendance.objects.all(), pk)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: activity_actions.confirm_attendance(
                actor=request.user, attendance=attendance, minutes=form.cleaned_data["minutes"]
            ),
            success=_("Attendance confirmed and paid."),
        )
    return redirect("timebank:activity", pk=attendance.activity_id)


@login_required
@require_POST
def activity_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = scoped(request, "timebank.manage_activity", GroupActivity.objects.all(), pk)
    attempt(
        request,
        lambda: activity_actions.close_activity(actor=request.user, activity=activity),
        success=_("Sign-up is closed."),
    )
    return redirect("timebank:activity", pk=activity.pk)
