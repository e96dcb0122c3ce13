"""Volunteer applications: the resident's own page under ``/join/volunteer/`` and the station
staff's list of what waits, with approve and decline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.core.http import AuthenticatedRequest
from minsheng.timebank.actions import applications
from minsheng.timebank.forms import ReasonForm, VolunteerApplicationForm
from minsheng.timebank.models import VolunteerApplication, VolunteerProfile
from minsheng.timebank.views.common import attempt, perform_posted, scoped, signed_in_user

RELATED = ("applicant", "station__organisation", "station__region", "decided_by")


@login_required
def apply(request: AuthenticatedRequest) -> HttpResponse:
    """Apply, and see one's own applications and their answers (one's own data: no role is
    needed to see it)."""
    person = signed_in_user(request)
    initial = {"station": request.GET.get("station")} if request.GET.get("station") else None
    form = VolunteerApplicationForm(
        request.POST or None, initial=initial, needs_id_number=not person.id_number_hash
    )
    if perform_posted(
        request,
        form,
        lambda data: applications.apply_as_volunteer(
            actor=person,
            station=data["station"],
            availability=data["availability"],
            skills=data["skills"],
            id_number=data.get("id_number", ""),
        ),
        success=_("Your application is sent. The station will answer you by message."),
    ):
        return redirect("volunteer_apply")
    mine = (
        VolunteerApplication.objects.filter(applicant=person)
        .select_related(*RELATED)
        .prefetch_related("skills")
    )
    return render(
        request,
        "timebank/apply_volunteer.html",
        {
            "form": form,
            "applications": mine,
            "volunteer": VolunteerProfile.objects.filter(person=person).first(),
            "waiting": any(a.status == VolunteerApplication.Status.PENDING for a in mine),
        },
    )


def _in_scope(request: AuthenticatedRequest) -> QuerySet[VolunteerApplication]:
    return access.scope(
        request.user,
        "timebank.review_volunteer_application",
        VolunteerApplication.objects.select_related(*RELATED).prefetch_related("skills"),
    )


@login_required
def application_list(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "timebank.review_volunteer_application")
    status = request.GET.get("status", VolunteerApplication.Status.PENDING)
    found = _in_scope(request)
    if status in VolunteerApplication.Status.values:
        found = found.filter(status=status)
    page = Paginator(found.order_by("applied_at", "pk"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "timebank/applications.html",
        {"page": page, "status": status, "statuses": VolunteerApplication.Status.choices},
    )


@login_required
def application_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access.require(request.user, "timebank.review_volunteer_application")
    application = scoped(
        request,
        "timebank.review_volunteer_application",
        VolunteerApplication.objects.select_related(*RELATED).prefetch_related("skills"),
        pk,
    )
    return render(
        request,
        "timebank/application.html",
        {"application": application, "decline_form": ReasonForm()},
    )


@login_required
@require_POST
def application_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = scoped(
        request, "timebank.review_volunteer_application", VolunteerApplication.objects.all(), pk
    )
    done = attempt(
        request,
        lambda: applications.approve_application(actor=request.user, application=application),
        success=_("Approved: the volunteer is registered. Record their training next."),
    )
    if done:
        return redirect("timebank:volunteer", pk=done.volunteer_id)
    return redirect("timebank:application", pk=pk)


@login_required
@require_POST
def application_decline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    application = scoped(
        request, "timebank.review_volunteer_application", VolunteerApplication.objects.all(), pk
    )
    form = ReasonForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: applications.decline_application(
                actor=request.user, application=application, reason=form.cleaned_data["reason"]
            ),
            success=_("Declined; the applicant is told the reason."),
        )
    else:
        messages.error(request, _("Say why, so the applicant knows what to do."))
    return redirect("timebank:application", pk=pk)
