"""Reporting and following a 12345 request as a resident: no account, a code by text message.

Proof that a case is the visitor's (the code, or the signed link of a text message) is kept in
the session for the cases concerned; every page about a case asks for it first.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from minsheng import access
from minsheng.audit.actions import record
from minsheng.core.errors import Refused
from minsheng.core.forms import apply_form, attach_errors, posted
from minsheng.core.uploads import private_file_response
from minsheng.hotline import actions, attachments, conf, maps
from minsheng.hotline.models import Case, CaseAttachment, TrackingKey
from minsheng.hotline.residents import forms, links, suggestions, timeline

SESSION_KEY = "hotline_tracked"
KEY_SESSION_KEY = "hotline_new_key"
KEEP_CASES = 20


def _remember(request: HttpRequest, case: Case) -> None:
    numbers = [n for n in request.session.get(SESSION_KEY, []) if n != case.number]
    request.session[SESSION_KEY] = [case.number, *numbers][:KEEP_CASES]


def _account_cases(request: HttpRequest) -> QuerySet[Case]:
    """Requests made from the phone of the logged-in resident's account."""
    phone_hash = getattr(request.user, "phone_hash", "")
    if not phone_hash:
        return Case.objects.none()
    return Case.objects.filter(caller_phone_hash=phone_hash)


def _proven(request: HttpRequest, number: str) -> Case:
    """The case if this visitor proved it is theirs; 404 otherwise (existence does not leak)."""
    cases: QuerySet[Case] = Case.objects.select_related("lead_unit")
    if number not in request.session.get(SESSION_KEY, []):
        cases = _account_cases(request).select_related("lead_unit")
    return get_object_or_404(cases, number=number)


# --- Reporting ------------------------------------------------------------------------------


def report(request: HttpRequest) -> HttpResponse:
    form = forms.ReportForm(**posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            reported = actions.report_case(
                **form.action_arguments(),
                person=request.user if request.user.is_authenticated else None,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            case = reported.case
            _remember(request, case)
            if reported.key:
                # Shown once, on the next page: only its hash is kept.
                request.session[KEY_SESSION_KEY] = {"number": case.number, "key": reported.key}
                return redirect("residents:received")
            messages.success(
                request,
                _(
                    "Your request is received. Its number is %(number)s; it was also sent to your phone."
                )
                % {"number": case.number},
            )
            return redirect("residents:case", number=case.number)
    return _report_page(request, form)


@never_cache
def received(request: HttpRequest) -> HttpResponse:
    """Once, after a report without a phone: its number, its key and the link with the key."""
    shown = request.session.pop(KEY_SESSION_KEY, None)
    if not shown:
        return redirect("residents:track")
    link = request.build_absolute_uri(
        reverse("residents:key_link", args=[shown["number"], shown["key"]])
    )
    return render(request, "hotline/residents/received.html", {**shown, "link": link})


def _report_page(request: HttpRequest, form: forms.ReportForm, status: int = 200) -> HttpResponse:
    content = form.data.get("content", "") if form.is_bound else ""
    context = {"form": form, "suggested": suggestions.categories(content), **maps.map_context()}
    return render(request, "hotline/residents/report.html", context, status=status)


@require_POST
def report_code(request: HttpRequest) -> HttpResponse:
    """The report form's "send me a code" button: the form comes back as it was typed."""
    form = forms.ReportForm(request.POST)
    phone = forms.PhoneForm(request.POST)
    if phone.is_valid():
        try:
            actions.send_report_code(phone=phone.cleaned_data["phone"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("A code was sent to your phone. It is valid for 10 minutes.")
            )
    else:
        messages.error(request, " ".join(str(e) for e in phone.errors.get("phone", [])))
    form.errors.clear()  # nothing was submitted yet: do not show the empty code as a mistake
    return _report_page(request, form)


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    """The classifier's three best categories for the text typed so far (for the script)."""
    found = suggestions.categories(request.GET.get("content", "")[:2000])
    return JsonResponse(
        {"categories": [{"id": c.pk, "name": c.display_name, "code": c.code} for c in found]}
    )


# --- Following ------------------------------------------------------------------------------


def track(request: HttpRequest) -> HttpResponse:
    form = forms.TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "send_code" in request.POST or not data["code"]:
                actions.send_track_code(number=data["number"], phone=data["phone"])
                messages.success(
                    request,
                    _(
                        "If this number and phone belong together, a code is on its way. "
                        "It is valid for 10 minutes."
                    ),
                )
            else:
                case = actions.prove_case(**data)
                _remember(request, case)
                return redirect("residents:case", number=case.number)
        except ValidationError as error:
            attach_errors(form, error)
    return _track_page(request, form)


def _track_page(
    request: HttpRequest,
    form: forms.TrackForm,
    key_form: forms.KeyForm | None = None,
    *,
    expired: bool = False,
    status: int = 200,
) -> HttpResponse:
    mine = request.session.get(SESSION_KEY, [])
    account = _account_cases(request).order_by("-received_at").values_list("number", flat=True)
    context = {
        "form": form,
        "key_form": key_form or forms.KeyForm(),
        "mine": mine,
        "account": list(account[:KEEP_CASES]),
        "expired": expired,
        "link_days": conf.case_link_days(),
    }
    return render(request, "hotline/residents/track.html", context, status=status)


@require_POST
def track_by_key(request: HttpRequest) -> HttpResponse:
    """A request reported without a phone: its number and the key shown when it was sent."""
    form = forms.KeyForm(request.POST)
    case = apply_form(form, lambda data: actions.prove_case_by_key(**data))
    if case:
        _remember(request, case)
        return redirect("residents:case", number=case.number)
    return _track_page(request, forms.TrackForm(), form)


@require_GET
def key_link(request: HttpRequest, number: str, key: str) -> HttpResponse:
    """The link shown with the key: it proves the case as the key typed in would."""
    try:
        case = actions.prove_case_by_key(number=number, key=key)
    except ValidationError:
        raise Http404(
            _("This link is not valid. Follow your request with its number instead.")
        ) from None
    _remember(request, case)
    return redirect("residents:case", number=case.number)


@require_GET
def track_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link of a text message: the signature proves the case as the code would, for
    ``HOTLINE_CASE_LINK_DAYS`` days; then the resident follows it by number and code."""
    try:
        number = links.case_number_of(token)
    except links.LinkExpired as expired:
        form = forms.TrackForm(initial={"number": expired.number})
        return _track_page(request, form, expired=True, status=410)
    case = Case.objects.filter(number=number).first() if number else None
    if case is None:
        raise Http404(_("This link is not valid. Follow your request with its number instead."))
    _remember(request, case)
    return redirect("residents:case", number=case.number)


def case(request: HttpRequest, number: str) -> HttpResponse:
    found = _proven(request, number)
    context = {
        "case": found,
        "status_text": timeline.plain_status(found),
        "steps": timeline.steps(found),
        "survey": forms.SurveyForm() if found.status == "handled" else None,
        "followed_by_key": TrackingKey.objects.filter(case=found).exists(),
        "add": forms.AddInformationForm() if found.is_open else None,
    }
    return render(request, "hotline/residents/case.html", context)


@require_POST
def survey(request: HttpRequest, number: str) -> HttpResponse:
    found = _proven(request, number)
    form = forms.SurveyForm(request.POST)
    if form.is_valid():
        try:
            done = actions.record_online_callback(case=found, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _survey_thanks(done))
            return redirect("residents:case", number=number)
    else:
        messages.error(request, _("Answer both questions, please."))
    return redirect("residents:case", number=number)


def _survey_thanks(done: Case) -> str:
    if done.status == "closed":
        return _("Thank you. Your answer is recorded and the request is closed.")
    return _("Thank you. The request goes back to the unit to be handled again.")


@require_POST
def add_information(request: HttpRequest, number: str) -> HttpResponse:
    found = _proven(request, number)
    form = forms.AddInformationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_information(case=found, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Added. The unit in charge can see it."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("residents:case", number=number)


# --- Photos ---------------------------------------------------------------------------------


@require_GET
def photo(request: HttpRequest, pk: int, size: str = "full") -> FileResponse:
    """A case photo, to the staff who may see the case or to the resident who proved it."""
    attachment = get_object_or_404(CaseAttachment.objects.select_related("case"), pk=pk)
    allowed = (
        attachment.case.number in request.session.get(SESSION_KEY, [])
        or _account_cases(request).filter(pk=attachment.case_id).exists()
        or (
            request.user.is_authenticated
            and access.can(request.user, "hotline.view_case", attachment.case)
        )
    )
    if not allowed:
        raise Http404(_("No such photo."))
    record(
        action="hotline.download_photo",
        target=attachment.case,
        after={"photo": attachment.pk, "size": size},
    )
    return private_file_response(
        attachments.stored_name(attachment, thumbnail=size == "thumb"), attachment.content_type
    )
