"""Case pages: the dispatcher's console, recording a call, searching, one case and its actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.core.forms import attach_errors
from minsheng.core.http import AuthenticatedRequest
from minsheng.core.pagination import BoundedPaginator
from minsheng.hotline import actions, dispatching, forms, intake, maps
from minsheng.hotline.models import Case, CaseQuerySet, Status
from minsheng.hotline.search import page_of_matches
from minsheng.hotline.states import IllegalTransition
from minsheng.regions.models import Region

LIST_RELATED = ("district", "subdistrict", "category", "lead_unit")
PER_PAGE = 25


def visible_cases(request: AuthenticatedRequest) -> CaseQuerySet:
    # access.scope filters the queryset it is given: a CaseQuerySet stays one.
    return cast(
        CaseQuerySet,
        access.scope(request.user, "hotline.view_case", Case.objects.select_related(*LIST_RELATED)),
    )


def case_in_scope(request: AuthenticatedRequest, number: str) -> Case:
    """The case if the user may see it; 404 otherwise, so that existence does not leak."""
    return get_object_or_404(visible_cases(request), number=number)


@login_required
def console(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "hotline.dispatch_case")
    cases = visible_cases(request)
    waiting = cases.awaiting_dispatch().order_by("received_at", "id")
    page = Paginator(waiting, 20).get_page(request.GET.get("page"))
    rules = dispatching.active_rules()
    hints = intake.category_hints(list(page), rules=rules)
    rows = [(case, dispatching.suggest(case, rules), hints.get(case.pk, [])) for case in page]
    callbacks = cases.filter(status=Status.HANDLED).order_by("handled_at", "id")[:20]
    return render(
        request,
        "hotline/console.html",
        {
            "page": page,
            "rows": rows,
            "callbacks": callbacks,
            "waiting_count": page.paginator.count,
            "overdue_count": cases.overdue(timezone.now()).count(),
        },
    )


@login_required
def receive(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "hotline.add_case")
    form = forms.ReceiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        place: Region | None = data.pop("place")
        try:
            case = actions.receive_case(
                actor=request.user,
                district=place if place and place.level == Region.Level.DISTRICT else None,
                subdistrict=place if place and place.level == Region.Level.SUBDISTRICT else None,
                **data,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Case %(number)s is recorded.") % {"number": case.number})
            return redirect("hotline:case", number=case.number)
    return render(request, "hotline/receive.html", {"form": form})


@login_required
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "hotline.view_case")
    form = forms.CaseSearchForm(request.GET or None)
    cases = visible_cases(request)
    words = ""
    if form.is_valid():
        cases = _search(cases, form.cleaned_data)
        words = form.cleaned_data["q"]
    # Bounded: a wide search over millions of cases is not counted to the last row.
    paginator = BoundedPaginator(cases.order_by("-received_at", "-id"), PER_PAGE)
    number = request.GET.get("page")
    # A search by words reads its page by the plan its count calls for (``hotline.search``).
    page = page_of_matches(paginator, number) if words else paginator.get_page(number)
    return render(
        request, "hotline/case_list.html", {"form": form, "page": page, "now": timezone.now()}
    )


def _search(cases: CaseQuerySet, data: dict[str, Any]) -> CaseQuerySet:
    if data.get("q"):
        cases = cases.matching(data["q"])
    if data.get("status"):
        cases = cases.filter(status=data["status"])
    if data.get("district"):
        cases = cases.filter(region_path__startswith=data["district"].path)
    if data.get("overdue"):
        cases = cases.overdue(timezone.now())
    return cases


@login_required
def case_detail(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    user = request.user
    may = {
        "dispatch": access.can(user, "hotline.dispatch_case", case),
        "merge": access.can(user, "hotline.merge_case", case),
        "callback": access.can(user, "hotline.callback_case", case),
        "handle": _leads(user, case),
        "exclude": access.can(user, "hotline.exclude_case", case),
        "reveal": access.can(user, "hotline.view_caller", case),
        "note": access.can(user, "hotline.handle_case", case)
        or access.can(user, "hotline.dispatch_case", case),
        "correct": access.can(user, "hotline.correct_case", case)
        and case.status in actions.CORRECTABLE,
    }
    context: dict[str, Any] = {
        "case": case,
        "may": may,
        "now": timezone.now(),
        "events": case.events.select_related("actor", "unit").prefetch_related("attachments"),
        "cooperating": case.cooperating.select_related("organisation"),
        "duplicates": case.duplicates.all(),
        **maps.map_context(latitude=case.latitude, longitude=case.longitude),
    }
    if may["dispatch"] and case.status in (
        Status.RECEIVED,
        Status.RETURNED,
        Status.DISPATCHED,
        Status.ACCEPTED,
    ):
        suggestion = dispatching.suggest(case)
        context["suggestion"] = suggestion
        context["category_hints"] = intake.category_hints([case], top=3).get(case.pk, [])
        context["dispatch_form"] = forms.DispatchForm(
            initial={"unit": suggestion.unit, "cooperating": suggestion.cooperating}
        )
    if may["correct"]:
        context["reclassify"] = actions.reclassification_request(case)
        context["correct_form"] = forms.CorrectForm.for_case(case, context["reclassify"])
    if may["merge"] and case.status in (Status.RECEIVED, Status.RETURNED, Status.DISPATCHED):
        context["candidates"] = dispatching.duplicate_candidates(case)
        context["merge_form"] = forms.MergeForm()
    if may["callback"] and case.status == Status.HANDLED:
        context["callback_form"] = forms.CallbackForm()
    if may["handle"]:
        context["result_form"] = forms.ResultForm()
        context["return_form"] = forms.ReturnForm()
    return render(request, "hotline/case_detail.html", context)


def _leads(user: Any, case: Case) -> bool:
    try:
        actions.acting_unit(user, case)
    except PermissionDenied:
        return False
    return True


def _perform(
    request: AuthenticatedRequest, case: Case, form: Any, call: Callable[[dict], Any], done: str
) -> HttpResponse:
    """Run one action from a posted form; errors come back as messages on the case page."""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("hotline:case", number=case.number)
    try:
        call(form.cleaned_data)
    except IllegalTransition:
        messages.error(
            request,
            _("This is not possible in the case's present state (%(status)s).")
            % {"status": case.get_status_display()},
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("hotline:case", number=case.number)


@login_required
@require_POST
def dispatch(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    return _perform(
        request,
        case,
        forms.DispatchForm(request.POST),
        lambda d: actions.dispatch_case(
            actor=request.user,
            case=case,
            unit=d["unit"],
            cooperating=d["cooperating"],
            note=d["note"],
        ),
        _("The case is dispatched."),
    )


@login_required
@require_POST
def correct(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    form = forms.CorrectForm(request.POST, auto_id="correct_%s")
    return _perform(
        request,
        case,
        form,
        lambda d: actions.correct_case(actor=request.user, case=case, **form.action_arguments()),
        _("The case is corrected; the deadlines and the suggested unit follow the correction."),
    )


@login_required
@require_POST
def merge(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)

    def call(data: dict) -> Any:
        master = visible_cases(request).filter(number=data["master"].strip()).first()
        if master is None:
            raise ValidationError(_("No case %(number)s.") % {"number": data["master"]})
        return actions.merge_case(actor=request.user, duplicate=case, master=master)

    return _perform(
        request, case, forms.MergeForm(request.POST), call, _("The case is merged as a duplicate.")
    )


@login_required
@require_POST
def accept(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    return _perform(
        request,
        case,
        forms.ConfirmForm(request.POST),
        lambda d: actions.accept_case(actor=request.user, case=case),
        _("The case is accepted."),
    )


@login_required
@require_POST
def return_(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    return _perform(
        request,
        case,
        forms.ReturnForm(request.POST),
        lambda d: actions.return_case(actor=request.user, case=case, **d),
        _("The case is returned to the dispatcher."),
    )


@login_required
@require_POST
def contact(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    return _perform(
        request,
        case,
        forms.NoteForm(request.POST),
        lambda d: actions.record_contact(actor=request.user, case=case, note=d["note"]),
        _("The contact with the caller is recorded."),
    )


@login_required
@require_POST
def result(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    return _perform(
        request,
        case,
        forms.ResultForm(request.POST, request.FILES),
        lambda d: actions.record_result(actor=request.user, case=case, **d),
        _("The result is recorded; the hotline will call the caller back."),
    )


@login_required
@require_POST
def callback(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    return _perform(
        request,
        case,
        forms.CallbackForm(request.POST),
        lambda d: actions.record_callback(actor=request.user, case=case, **d),
        _("The call-back is recorded."),
    )


@login_required
@require_POST
def reopen(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    return _perform(
        request,
        case,
        forms.NoteForm(request.POST),
        lambda d: actions.reopen_case(actor=request.user, case=case, note=d["note"]),
        _("The case is reopened and back with the unit."),
    )


@login_required
@require_POST
def note(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    return _perform(
        request,
        case,
        forms.NoteForm(request.POST),
        lambda d: actions.add_note(actor=request.user, case=case, note=d["note"]),
        _("The note is added."),
    )


@login_required
@require_POST
def exclude(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    return _perform(
        request,
        case,
        forms.ReasonForm(request.POST),
        lambda d: actions.exclude_case(actor=request.user, case=case, reason=d["reason"]),
        _("The case is excluded from the assessment."),
    )


@login_required
@require_POST
def include(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    return _perform(
        request,
        case,
        forms.ReasonForm(request.POST),
        lambda d: actions.include_case(actor=request.user, case=case, reason=d["reason"]),
        _("The case counts in the assessment again."),
    )


@login_required
@require_POST
def reveal_caller(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = case_in_scope(request, number)
    caller = actions.reveal_caller(viewer=request.user, case=case)
    return render(request, "hotline/caller.html", {"case": case, "caller": caller})
