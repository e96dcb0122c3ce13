"""Pages: the inbox and preferences (everyone's own), the SMS outbox and the delivery log (staff,
in their area). Every page works without JavaScript; only the push button needs it."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from minsheng import access
from minsheng.core.http import AuthenticatedRequest
from minsheng.notifications import actions, delivery
from minsheng.notifications.channels import push
from minsheng.notifications.forms import DeliveryFilterForm, PreferenceForm
from minsheng.notifications.models import Delivery, Message, OutboxMessage, SurveyAnswer

SERVICE_WORKER = Path(__file__).parent / "static" / "notifications" / "service-worker.js"


@login_required
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(actions.inbox(request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread": actions.unread_count(request.user)},
    )


@login_required
def open_message(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Following a message's link marks it read."""
    message = get_object_or_404(Message, pk=pk, recipient=request.user)
    actions.mark_read(reader=request.user, ids=[message.pk])
    if message.link and url_has_allowed_host_and_scheme(
        message.link, allowed_hosts={request.get_host()}
    ):
        return redirect(message.link)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actions.mark_read(reader=request.user, ids=[pk])
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: AuthenticatedRequest) -> HttpResponse:
    count = actions.mark_read(reader=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
@require_POST
def delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    if actions.delete_message(reader=request.user, message_id=pk):
        messages.success(request, _("The notification was deleted."))
    return redirect("notifications:inbox")


@login_required
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    preference = actions.preference_of(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_preferences(
                actor=request.user,
                person=request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your notification settings were saved."))
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "subscriptions": request.user.push_subscriptions.all(),
            "vapid_public_key": push.public_key() if push.private_key() else "",
        },
    )


@login_required
@require_POST
def unsubscribe(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(request.user.push_subscriptions, pk=pk)
    actions.unsubscribe_push(actor=request.user, endpoint=subscription.endpoint)
    messages.success(request, _("This browser will no longer show notifications."))
    return redirect("notifications:preferences")


@login_required
def outbox(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "notifications.view_outbox")
    texts = access.scope(request.user, "notifications.view_outbox", OutboxMessage.objects.all())
    page = Paginator(texts.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/outbox.html", {"page": page})


@login_required
def deliveries(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "notifications.view_deliveries")
    form = DeliveryFilterForm(request.GET or None)
    rows = access.scope(
        request.user, "notifications.view_deliveries", Delivery.objects.select_related("event")
    )
    if form.is_valid():
        for name in ("channel", "status"):
            if form.cleaned_data[name]:
                rows = rows.filter(**{name: form.cleaned_data[name]})
        if form.cleaned_data["kind"]:
            rows = rows.filter(event__kind__startswith=form.cleaned_data["kind"])
    rows = rows.prefetch_related("log").order_by("-created_at", "-id")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/deliveries.html",
        {
            "page": page,
            "form": form,
            "can_resend": access.can(request.user, "notifications.resend"),
        },
    )


@login_required
@require_POST
def resend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    rows = access.scope(request.user, "notifications.view_deliveries", Delivery.objects.all())
    found = get_object_or_404(rows, pk=pk)
    try:
        delivery.resend(actor=request.user, delivery=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        from minsheng.notifications.sending import queue_delivery

        queue_delivery(found.event_id)
        messages.success(request, _("The notification will be sent again."))
    return redirect("notifications:deliveries")


@require_GET
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the site's root path so that it may show notifications for every page."""
    response = HttpResponse(
        SERVICE_WORKER.read_text(encoding="utf-8"), content_type="text/javascript"
    )
    response["Service-Worker-Allowed"] = "/"
    return response


def survey(request: HttpRequest, token: str) -> HttpResponse:
    """The caller's survey page (no log-in: the signed link is the caller's key)."""
    from minsheng.notifications import survey as surveys
    from minsheng.notifications.forms import SurveyForm

    number = surveys.case_number_of(token)
    if number is None:
        return render(request, "notifications/survey_invalid.html", status=404)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        surveys.answer(case_number=number, **form.cleaned_data)
        return render(request, "notifications/survey_done.html", {"number": number})
    return render(request, "notifications/survey.html", {"form": form, "number": number})


@login_required
def survey_answers(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "notifications.view_deliveries")
    answers = access.scope(
        request.user, "notifications.view_survey_answers", SurveyAnswer.objects.all()
    )
    page = Paginator(answers, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/survey_answers.html", {"page": page})
