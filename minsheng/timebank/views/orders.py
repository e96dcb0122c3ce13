"""An order's page and one URL per move of the procedure.

Buttons post and come back to the order with a message; moves that need details (a rating, a
reason, a volunteer) have a small form page of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from minsheng import access
from minsheng.audit.actions import record
from minsheng.core.http import AuthenticatedRequest
from minsheng.core.uploads import clean_optional_photo, private_file_response
from minsheng.people.models import User
from minsheng.timebank import procedure
from minsheng.timebank.actions import orders as order_actions
from minsheng.timebank.actions import photos, settlement
from minsheng.timebank.forms import (
    AssignForm,
    ConfirmForm,
    DecideForm,
    DisputeForm,
    ReasonForm,
    SignTimeForm,
    volunteers_of,
)
from minsheng.timebank.models import OrderPhoto, ServiceOrder
from minsheng.timebank.presence import actions as presence
from minsheng.timebank.procedure import Move
from minsheng.timebank.views.common import attempt, perform_posted, scoped

ORDER_RELATED = (
    "beneficiary",
    "payer",
    "volunteer",
    "posted_by",
    "station__organisation",
    "region",
    "item__category",
)


def _order(request: AuthenticatedRequest, pk: int) -> ServiceOrder:
    queryset = ServiceOrder.objects.select_related(*ORDER_RELATED)
    return scoped(request, "timebank.view_order", queryset, pk)


def available_actions(user: User, order: ServiceOrder) -> set[str]:
    """The moves this user may make on this order now (what the page offers)."""
    moves = set(procedure.moves_from(order.state))
    if not moves:
        return set()
    can = access.can
    staff = can(user, "timebank.act_for_parties", order)
    is_volunteer = user.pk == order.volunteer_id
    recipient_side = not is_volunteer and can(user, "timebank.confirm_order", order)
    result = set()
    if Move.APPROVE in moves and can(user, "timebank.review_order", order):
        result |= {"approve", "reject"}
    if Move.BOOK in moves and user.pk not in (order.beneficiary_id, order.payer_id):
        if can(user, "timebank.book_order"):
            result.add("book")
        if can(user, "timebank.assign_volunteer", order):
            result.add("assign")
    if Move.WITHDRAW in moves and (is_volunteer or staff):
        result.add("withdraw")
    for move in (Move.SIGN_IN, Move.SIGN_OUT):
        if move in moves and (is_volunteer or staff):
            result.add(move.value)
    if Move.CONFIRM in moves and recipient_side:
        result.add("confirm")
    if Move.DISPUTE in moves and (recipient_side or is_volunteer):
        result.add("dispute")
    if Move.DECIDE in moves and can(user, "timebank.decide_dispute", order):
        result.add("decide")
    if Move.CANCEL in moves and (recipient_side or staff):
        result.add("cancel")
    if Move.NO_SHOW in moves and (recipient_side or staff):
        result.add("no_show")
    return result


@login_required
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    staff = access.can(request.user, "timebank.act_for_parties", order)
    context = {
        "order": order,
        "events": order.events.select_related("actor", "on_behalf_of"),
        "actions": available_actions(request.user, order),
        "staff": staff,
        "postings": (
            order.transactions.prefetch_related("legs__account__owner") if staff else None
        ),
        "dispute": getattr(order, "dispute", None)
        if order.state in ("disputed", "settled")
        else None,
        "sign_form": SignTimeForm(),
        "photos": order.photos.all(),
        "is_volunteer": request.user.pk == order.volunteer_id,
    }
    return render(request, "timebank/order_detail.html", context)


def _button(
    request: AuthenticatedRequest, pk: int, perform: Callable[[ServiceOrder], Any], success: str
) -> HttpResponse:
    order = _order(request, pk)
    attempt(request, lambda: perform(order), success=success)
    return redirect("timebank:order", pk=order.pk)


def _form_page(
    request: AuthenticatedRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    perform: Callable[[ServiceOrder, dict[str, Any]], Any],
    title: str,
    explanation: str,
    submit: str,
    success: str,
    form_kwargs: Callable[[ServiceOrder], dict[str, Any]] | None = None,
    context: Callable[[ServiceOrder], dict[str, Any]] | None = None,
) -> HttpResponse:
    order = _order(request, pk)
    extra = form_kwargs(order) if form_kwargs else {}
    form = form_class(request.POST or None, **extra)
    if perform_posted(request, form, lambda data: perform(order, data), success=success):
        return redirect("timebank:order", pk=order.pk)
    return render(
        request,
        "timebank/order_form.html",
        {
            "order": order,
            "form": form,
            "title": title,
            "explanation": explanation,
            "submit": submit,
            **(context(order) if context else {}),
        },
    )


@login_required
@require_POST
def approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _button(
        request,
        pk,
        lambda order: order_actions.approve_order(
            actor=request.user, order=order, note=request.POST.get("note", "")
        ),
        _("The request is approved and open for volunteers."),
    )


@login_required
def reject(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        pk,
        form_class=ReasonForm,
        perform=lambda order, data: order_actions.reject_order(
            actor=request.user, order=order, reason=data["reason"]
        ),
        title=_("Reject the request"),
        explanation=_("The person who posted it will see the reason."),
        submit=_("Reject"),
        success=_("The request is rejected."),
    )


def _open_order(request: AuthenticatedRequest, pk: int) -> ServiceOrder:
    """An open request: volunteers may see it even though it is not theirs yet."""
    if access.can(request.user, "timebank.book_order"):
        queryset = ServiceOrder.objects.select_related(*ORDER_RELATED)
        order = queryset.filter(pk=pk, state="approved").first()
        if order is not None:
            return order
    return _order(request, pk)


@login_required
def open_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An open request as a volunteer sees it before booking (no personal details)."""
    order = _open_order(request, pk)
    if access.can(request.user, "timebank.view_order", order):
        return redirect("timebank:order", pk=order.pk)
    return render(request, "timebank/open_request.html", {"order": order})


@login_required
def book(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Book an open request, after a page that asks the volunteer to confirm (no JavaScript).

    A POST without the confirmation field shows the confirmation page instead of booking.
    """
    order = _open_order(request, pk)
    if request.method != "POST" or request.POST.get("confirmed") != "yes":
        return render(request, "timebank/book_confirm.html", {"order": order})
    done = attempt(
        request,
        lambda: order_actions.book_order(actor=request.user, order=order),
        success=_("You have booked this service. Please be on time."),
    )
    if done:
        return redirect("timebank:order", pk=order.pk)
    return redirect("timebank:open_request", pk=order.pk)


@login_required
def assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        pk,
        form_class=AssignForm,
        perform=lambda order, data: order_actions.assign_volunteer(
            actor=request.user, order=order, volunteer=data["volunteer"]
        ),
        title=_("Assign a volunteer"),
        explanation=_("Volunteers of this station are listed. The payer's coins go on hold."),
        submit=_("Assign"),
        success=_("The volunteer is assigned."),
        form_kwargs=lambda order: {"volunteers": volunteers_of(order.station)},
    )


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _button(
        request,
        pk,
        lambda order: order_actions.withdraw_booking(
            actor=request.user, order=order, reason=request.POST.get("reason", "")
        ),
        _("The booking is withdrawn; the request is open again."),
    )


def _sign_time(request: AuthenticatedRequest) -> dt.datetime | None:
    form = SignTimeForm(request.POST)
    return form.cleaned_data.get("at") if form.is_valid() else None


def _sign(request: AuthenticatedRequest, pk: int, kind: str, success: str) -> HttpResponse:
    """Sign with the optional photo; a photo that is refused stops the sign too."""
    return _button(
        request,
        pk,
        lambda order: photos.sign_with_photo(
            lambda: presence.sign_on_page(
                actor=request.user, order=order, kind=kind, at=_sign_time(request)
            ),
            actor=request.user,
            kind=kind,
            photo=clean_optional_photo(request.FILES.get("photo")),
        ),
        success,
    )


@login_required
@require_POST
def sign_in(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _sign(request, pk, "sign_in", _("Signed in. Sign out when the service ends."))


@login_required
@require_POST
def sign_out(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _sign(request, pk, "sign_out", _("Signed out. The person served will now confirm."))


@login_required
@require_GET
def photo(request: AuthenticatedRequest, pk: int, size: str = "full") -> FileResponse:
    """A photo of a visit, to the station and the order's parties (``timebank.view_order``)."""
    found = get_object_or_404(OrderPhoto, pk=pk)
    order = _order(request, found.order_id)
    record(
        action="timebank.view_photo",
        target=order,
        actor=request.user,
        after={"photo": found.pk, "size": size},
    )
    name = found.thumbnail if size == "thumb" else found.file
    return private_file_response(name, found.content_type)


@login_required
def confirm(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        pk,
        form_class=ConfirmForm,
        perform=lambda order, data: settlement.confirm_order(
            actor=request.user, order=order, rating=data["rating"], comment=data["comment"]
        ),
        title=_("Confirm the service"),
        explanation=_(
            "Confirming pays the volunteer for the signed time; the rest of the hold "
            "returns to the account."
        ),
        submit=_("Confirm and pay"),
        success=_("Thank you. The volunteer has been paid."),
    )


@login_required
def dispute(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        pk,
        form_class=DisputeForm,
        perform=lambda order, data: settlement.dispute_order(
            actor=request.user,
            order=order,
            reason=data["reason"],
            proposed_minutes=data["minutes"],
        ),
        title=_("The duration is wrong"),
        explanation=_("The station will look into it and decide how much is paid."),
        submit=_("Send to the station"),
        success=_("The station will decide."),
    )


@login_required
def decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        pk,
        form_class=DecideForm,
        perform=lambda order, data: settlement.decide_dispute(
            actor=request.user, order=order, minutes=data["minutes"], decision=data["decision"]
        ),
        title=_("Decide the dispute"),
        context=lambda order: {"claim": getattr(order, "dispute", None)},
        explanation=_("The ledger pays the minutes you decide and releases the rest of the hold."),
        submit=_("Decide and pay"),
        success=_("The dispute is decided and paid."),
    )


@login_required
def cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _form_page(
        request,
        pk,
        form_class=ReasonForm,
        perform=lambda order, data: order_actions.cancel_order(
            actor=request.user, order=order, reason=data["reason"]
        ),
        title=_("Cancel the request"),
        explanation=_("Any coins on hold return to the account."),
        submit=_("Cancel the request"),
        success=_("The request is cancelled."),
    )


@login_required
@require_POST
def no_show(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _button(
        request,
        pk,
        lambda order: order_actions.report_no_show(
            actor=request.user, order=order, note=request.POST.get("note", "")
        ),
        _("Recorded: the volunteer did not come. The coins on hold are back."),
    )
