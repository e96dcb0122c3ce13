"""The station's presence desk: door cards to print, signs to confirm, how visits were verified."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.core.http import AuthenticatedRequest
from minsheng.people.models import User
from minsheng.timebank.models import ElderProfile, ServiceOrder
from minsheng.timebank.presence import actions, reporting, tokens
from minsheng.timebank.presence.forms import DoorCardForm, PhoneCodeForm, RejectForm
from minsheng.timebank.presence.models import DoorCard, PresenceCheck
from minsheng.timebank.views.common import attempt


@login_required
def desk(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "presence.view_checks")
    checks = access.scope(
        request.user, "presence.view_checks", PresenceCheck.objects.filter(status="flagged")
    ).select_related("order__beneficiary", "order__volunteer", "order__item")
    elders = access.scope(
        request.user, "timebank.view_elder", ElderProfile.objects.select_related("person")
    ).order_by("person__name")[:200]
    cards = {
        c.elder_id: c
        for c in DoorCard.objects.filter(
            elder_id__in=[e.person_id for e in elders], retired_at__isnull=True
        )
    }
    orders = access.scope(request.user, "timebank.view_order", ServiceOrder.objects.all())
    return render(
        request,
        "presence/desk.html",
        {
            "checks": checks,
            "elders": [(e, cards.get(e.person_id)) for e in elders],
            "shares": reporting.verification_shares(reporting.settled_in(orders)),
            "card_form": DoorCardForm(),
            "code_form": PhoneCodeForm(),
            "reject_form": RejectForm(),
        },
    )


def _scoped_check(request: AuthenticatedRequest, pk: int) -> PresenceCheck:
    return get_object_or_404(
        access.scope(request.user, "presence.view_checks", PresenceCheck.objects.all()), pk=pk
    )


@login_required
@require_POST
def confirm_check(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    check = _scoped_check(request, pk)
    attempt(
        request,
        lambda: actions.confirm_check(actor=request.user, check=check),
        success=_("The visit is confirmed by the station."),
    )
    return redirect("presence:desk")


@login_required
@require_POST
def confirm_by_phone_code(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    check = _scoped_check(request, pk)
    form = PhoneCodeForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: actions.confirm_by_phone_code(
                actor=request.user, check=check, code=form.cleaned_data["code"]
            ),
            success=_("The elder's code matches: the visit is confirmed."),
        )
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("code", [])))
    return redirect("presence:desk")


@login_required
@require_POST
def reject_check(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    check = _scoped_check(request, pk)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    attempt(
        request,
        lambda: actions.reject_check(actor=request.user, check=check, reason=reason),
        success=_("The sign is rejected; settle the visit through a dispute decision."),
    )
    return redirect("presence:desk")


def _scoped_elder(request: AuthenticatedRequest, pk: int) -> User:
    profile = get_object_or_404(
        access.scope(request.user, "timebank.view_elder", ElderProfile.objects.all()),
        person_id=pk,
    )
    return profile.person


@login_required
@require_POST
def issue_card(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    elder = _scoped_elder(request, pk)
    form = DoorCardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the position of the door."))
        return redirect("presence:desk")
    done = attempt(
        request,
        lambda: actions.issue_card(
            actor=request.user,
            elder=elder,
            latitude=form.cleaned_data["latitude"],
            longitude=form.cleaned_data["longitude"],
        ),
        success=_("A new door code is ready to print; the old one no longer works."),
    )
    return redirect("presence:card", pk=elder.pk) if done else redirect("presence:desk")


@login_required
def card(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The door card to print: the QR code and what it is for, no personal data."""
    elder = _scoped_elder(request, pk)
    access.require(request.user, "presence.issue_card", elder)
    door = actions.active_card(elder.pk)
    svg = ""
    if door is not None:
        svg = segno.make(tokens.token_for(door.code), error="m").svg_inline(
            scale=8, title=_("Door code of the Time Bank")
        )
    return render(request, "presence/card.html", {"elder": elder, "door": door, "svg": svg})
