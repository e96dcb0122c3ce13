"""The programme pages: plans, themes, problems with their work and outcomes, meetings,
supervision and the year-end review. Who may see and change what is decided in ``access``."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from minsheng import access
from minsheng.audit.actions import record
from minsheng.cases.casefile import BEIJING
from minsheng.core.http import AuthenticatedRequest
from minsheng.core.uploads import private_file_response
from minsheng.hotline.models import Case, Category
from minsheng.monthly.conf import programme_settings
from minsheng.monthly.models import (
    MIN_PROBLEMS_PER_THEME,
    Meeting,
    Plan,
    Problem,
    ProblemCase,
    ProblemDocument,
    SelectionRun,
    SupervisionItem,
    Task,
)
from minsheng.monthly.programme import actions, did, forms, outcomes, review

VIEW_PLAN, VIEW_PROBLEM = "monthly.view_plan", "monthly.view_problem"
REVIEW = "monthly.view_selection"  # the review covers every problem: office, city, leaders
EDIT, REPORT = actions.EDIT, actions.REPORT
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plan(request: AuthenticatedRequest, year: int) -> Plan:
    access.require(request.user, VIEW_PLAN)
    return get_object_or_404(Plan, year=year)


def _problems(request: AuthenticatedRequest) -> QuerySet[Problem]:
    problems = Problem.objects.select_related("theme__plan", "leader", "lead_department")
    return access.scope(request.user, VIEW_PROBLEM, problems)


def _problem(request: AuthenticatedRequest, pk: int) -> Problem:
    return get_object_or_404(_problems(request), pk=pk)


def _failed(form: BaseForm, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


# --- plans and themes -------------------------------------------------------------------------


@login_required
def plans(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, VIEW_PLAN)
    may_edit = access.can(request.user, EDIT)
    form = forms.PlanForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        access.require(request.user, EDIT)
        assert form is not None
        if form.is_valid():
            try:
                plan = actions.create_plan(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _failed(form, error)
            else:
                return redirect("monthly:plan", year=plan.year)
    listed = Plan.objects.annotate(
        theme_count=Count("themes", distinct=True), problem_count=Count("themes__problems")
    )
    return render(
        request,
        "monthly/programme/plans.html",
        {
            "plans": listed,
            "form": form,
            "escalated": _escalated(request),
            "today": actions.today(),
        },
        status=400 if form is not None and form.errors else 200,
    )


def _escalated(request: AuthenticatedRequest) -> QuerySet[SupervisionItem]:
    """Open supervision items past their deadline, among the problems the user may see."""
    items = SupervisionItem.objects.filter(status=SupervisionItem.Status.OPEN, escalation__gt=0)
    items = items.select_related("problem__theme__plan", "problem__lead_department")
    return access.scope(request.user, VIEW_PROBLEM, items).order_by("-escalation", "deadline")


@login_required
def plan(request: AuthenticatedRequest, year: int) -> HttpResponse:
    chosen = _plan(request, year)
    # Counted in subqueries: joining both relations would multiply their rows.
    open_items = SupervisionItem.objects.filter(status=SupervisionItem.Status.OPEN)
    visible = (
        _problems(request)
        .filter(theme__plan=chosen)
        .annotate(case_count=_count(ProblemCase.objects.all()), open_items=_count(open_items))
    )
    by_theme: dict[int, list[Problem]] = {}
    for problem in visible:
        by_theme.setdefault(problem.theme_id, []).append(problem)
    themes = {theme.month: theme for theme in chosen.themes.all()}
    counts = dict(
        Problem.objects.filter(theme__plan=chosen).values_list("theme_id").annotate(n=Count("id"))
    )
    months: list[dict[str, Any]] = [
        {
            "month": m,
            "theme": themes.get(m),
            "problems": by_theme.get(themes[m].pk, []) if m in themes else [],
            "count": counts.get(themes[m].pk, 0) if m in themes else 0,
        }
        for m in range(1, 13)
    ]
    incomplete = [
        m
        for m in range(1, 13)
        if m not in themes or counts.get(themes[m].pk, 0) < MIN_PROBLEMS_PER_THEME
    ]
    return render(
        request,
        "monthly/programme/plan.html",
        {
            "plan": chosen,
            "months": months,
            "incomplete": incomplete,
            "may_edit": access.can(request.user, EDIT),
            "may_review": access.can(request.user, REVIEW),
        },
    )


def _count(parts: QuerySet[Any]) -> Subquery:
    """The number of ``parts`` of each problem, as a subquery of a problem query."""
    per_problem = parts.filter(problem=OuterRef("pk")).order_by().values("problem")
    return Subquery(per_problem.annotate(n=Count("*")).values("n")[:1])


@login_required
def theme(request: AuthenticatedRequest, year: int, month: int) -> HttpResponse:
    chosen = _plan(request, year)
    access.require(request.user, EDIT)
    if not 1 <= month <= 12:
        raise Http404
    existing = chosen.themes.filter(month=month).first()
    form = forms.ThemeForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_theme(actor=request.user, plan=chosen, month=month, **form.cleaned_data)
        except ValidationError as error:
            _failed(form, error)
        else:
            messages.success(request, _("The theme is saved."))
            return redirect("monthly:plan", year=year)
    return render(
        request,
        "monthly/programme/theme.html",
        {"plan": chosen, "month": month, "form": form},
        status=400 if form.errors else 200,
    )


# --- problems ---------------------------------------------------------------------------------


def _candidate_initial(run: SelectionRun, key: str) -> dict[str, Any]:
    candidate = run.candidate(key)
    if candidate is None:
        raise Http404(_("This run has no such candidate."))
    names = [c["name"] for c in candidate.get("categories", []) if c.get("share", 0) >= 0.15]
    districts = "、".join(d["name"] for d in candidate.get("districts", [])[:5])
    return {
        "title": candidate["label"],
        "description": _(
            "%(size)s cases in %(year)s; most in %(districts)s. Key phrases: %(words)s."
        )
        % {
            "size": candidate["size"],
            "year": run.period_start.year,
            "districts": districts,
            "words": "、".join(candidate.get("keywords", [])[:8]),
        },
        "categories": list(Category.objects.filter(name__in=names, level=3)),
        "key_phrases": "\n".join(candidate.get("keywords", [])[:3]),
    }


@login_required
def problem_new(request: AuthenticatedRequest, year: int, month: int) -> HttpResponse:
    chosen = _plan(request, year)
    access.require(request.user, EDIT)
    target = chosen.themes.filter(month=month).first()
    if target is None:
        messages.error(request, _("Give the month a theme first."))
        return redirect("monthly:theme", year=year, month=month)
    # A problem made from a candidate carries the run and the candidate through the form.
    run_id = request.GET.get("run") or request.POST.get("run") or ""
    key = request.GET.get("key") or request.POST.get("key", "")
    run = get_object_or_404(SelectionRun, pk=int(run_id)) if run_id.isdigit() else None
    initial = _candidate_initial(run, key) if run is not None else {}
    form = forms.ProblemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.create_problem(
                actor=request.user,
                theme=target,
                candidate=(run, key) if run else None,
                **form.arguments(),
            )
        except ValidationError as error:
            _failed(form, error)
        else:
            messages.success(request, _("The problem is in the programme; its cases are matched."))
            return redirect("monthly:problem", pk=made.pk)
    return render(
        request,
        "monthly/programme/problem_form.html",
        {
            "plan": chosen,
            "theme": target,
            "form": form,
            "run": run,
            "key": key,
        },
        status=400 if form.errors else 200,
    )


@login_required
def problem_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    problem = _problem(request, pk)
    access.require(request.user, EDIT)
    form = forms.ProblemForm(request.POST or None, instance=problem)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_problem(actor=request.user, problem=problem, **form.arguments())
        except ValidationError as error:
            _failed(form, error)
        else:
            messages.success(request, _("The problem is saved."))
            return redirect("monthly:problem", pk=problem.pk)
    return render(
        request,
        "monthly/programme/problem_form.html",
        {
            "plan": problem.theme.plan,
            "theme": problem.theme,
            "form": form,
            "problem": problem,
        },
        status=400 if form.errors else 200,
    )


@login_required
def problem(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    chosen = _problem(request, pk)
    result = outcomes.outcome(chosen)
    may_report = access.can(request.user, REPORT, chosen)
    may_edit = access.can(request.user, EDIT)
    latest = list(
        outcomes.problem_cases(chosen)
        .select_related("district", "subdistrict")
        .order_by("-received_at", "-pk")[:10]
    )
    return render(
        request,
        "monthly/programme/problem.html",
        {
            "problem": chosen,
            "plan": chosen.theme.plan,
            "outcome": result,
            "estimate": did.estimate(chosen, result),
            "no_estimate": did.NO_ESTIMATE,
            "case_count": chosen.case_links.count(),
            "latest_cases": latest,
            "openable": _openable(request, latest),
            "tasks": chosen.tasks.select_related("meeting"),
            "items": chosen.supervision_items.select_related("task"),
            "notes": chosen.notes.select_related("written_by")[:20],
            "may_report": may_report,
            "may_edit": may_edit,
            "task_form": forms.TaskForm() if may_report else None,
            "policy_form": forms.PolicyForm() if may_report else None,
            "note_form": forms.NoteForm() if may_report else None,
            "documents": chosen.documents.select_related("uploaded_by"),
            "document_form": forms.DocumentForm()
            if access.can(request.user, actions.ADD_DOCUMENT, chosen)
            else None,
            "supervision_form": forms.SupervisionForm(problem=chosen) if may_edit else None,
            "close_form": forms.CloseSupervisionForm() if may_report else None,
            "statuses": Task.Status.choices,
            "today": actions.today(),
            "chart_names": {
                "cases": _("Cases"),
                "resolution": _("Resolution rate (%)"),
                "satisfaction": _("Satisfaction rate (%)"),
            },
        },
    )


def _openable(request: AuthenticatedRequest, cases: list[Case]) -> set[int]:
    """Which of ``cases`` the user may open on the hotline's pages (the others are not linked)."""
    chosen = Case.objects.filter(pk__in=[case.pk for case in cases])
    return set(access.scope(request.user, "hotline.view_case", chosen).values_list("pk", flat=True))


def _post_to_problem(
    request: AuthenticatedRequest,
    problem: Problem,
    form: BaseForm,
    save: Callable[..., Any],
    done: str,
) -> HttpResponse:
    """Validate a small form of the problem page, apply it, and go back to the page."""
    if not form.is_valid():
        messages.error(request, _("Not saved: %(errors)s") % {"errors": _errors(form)})
        return redirect("monthly:problem", pk=problem.pk)
    try:
        save(**form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("monthly:problem", pk=problem.pk)


def _report_on(
    request: AuthenticatedRequest,
    problem_id: int,
    form: BaseForm,
    save: Callable[..., Any],
    done: str,
) -> HttpResponse:
    """Apply a form about a part of a problem (a task, a supervision item) for someone who may
    report progress on that problem."""
    chosen = _problem(request, problem_id)
    access.require(request.user, REPORT, chosen)
    return _post_to_problem(request, chosen, form, save, done)


def _errors(form: BaseForm) -> str:
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else ''} {' '.join(map(str, errors))}".strip()
        for name, errors in form.errors.items()
    )


def _problem_post(
    form_class: Callable[..., BaseForm],
    apply: Callable[..., Any],
    done: object,
    permission: str = REPORT,
) -> Callable[[AuthenticatedRequest, int], HttpResponse]:
    """A view that applies one small form of the problem page to the problem."""

    @login_required
    @require_POST
    def view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
        chosen = _problem(request, pk)
        access.require(request.user, permission, chosen)
        form = form_class(request.POST, problem=chosen)
        return _post_to_problem(
            request,
            chosen,
            form,
            lambda **data: apply(actor=request.user, problem=chosen, **data),
            str(done),
        )

    return view


task_add = _problem_post(
    forms.TaskForm, actions.add_task, gettext_lazy("The task is added to the action plan.")
)
policy_add = _problem_post(
    forms.PolicyForm, actions.add_policy, gettext_lazy("The policy is recorded.")
)
note_add = _problem_post(
    forms.NoteForm, actions.add_note, gettext_lazy("The progress note is saved.")
)
supervision_open = _problem_post(
    forms.SupervisionForm,
    actions.open_supervision,
    gettext_lazy("The supervision item is open."),
    EDIT,
)


@login_required
@require_POST
def document_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    chosen = _problem(request, pk)
    access.require(request.user, actions.ADD_DOCUMENT, chosen)
    form = forms.DocumentForm(request.POST, request.FILES, problem=chosen)
    return _post_to_problem(
        request,
        chosen,
        form,
        lambda title, file: actions.add_document(
            actor=request.user, problem=chosen, title=title, document=file
        ),
        _("The document is added to the problem."),
    )


@login_required
@require_GET
def document(request: AuthenticatedRequest, pk: int, size: str = "full") -> FileResponse:
    """A problem's document, to whoever may see the problem (404 for anyone else)."""
    found = get_object_or_404(ProblemDocument, pk=pk)
    _problem(request, found.problem_id)
    record(
        action="monthly.download_document",
        target=found,
        actor=request.user,
        after={"size": size},
    )
    name = found.thumbnail if size == "thumb" and found.thumbnail else found.file
    return private_file_response(name, found.content_type, download_name=found.original_name)


@login_required
@require_POST
def task_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("problem"), pk=pk)
    return _report_on(
        request,
        task.problem_id,
        forms.TaskStatusForm(request.POST),
        lambda **data: actions.set_task_status(actor=request.user, task=task, **data),
        _("The task's status is saved."),
    )


@login_required
@require_POST
def supervision_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(SupervisionItem, pk=pk)
    return _report_on(
        request,
        item.problem_id,
        forms.CloseSupervisionForm(request.POST),
        lambda **data: actions.close_supervision(actor=request.user, item=item, **data),
        _("The supervision item is closed."),
    )


@login_required
def problem_cases(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The cases that belong to a problem, as CSV (to check its definition against them)."""
    chosen = _problem(request, pk)
    cases = outcomes.problem_cases(chosen).select_related("category", "district", "subdistrict")
    reasons = dict(chosen.case_links.values_list("case_id", "reason"))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "number",
            "received_at",
            "category",
            "district",
            "subdistrict",
            "status",
            "satisfied",
            "why",
        ]
    )
    for case in cases.order_by("received_at", "pk").iterator(chunk_size=2000):
        writer.writerow(
            [
                case.number,
                case.received_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M"),
                case.category.code if case.category else "",
                case.district.name if case.district else "",
                case.subdistrict.name if case.subdistrict else "",
                case.status,
                case.satisfaction,
                reasons.get(case.pk, ""),
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="problem-{chosen.pk}-cases.csv"'
    return response


# --- from a candidate -------------------------------------------------------------------------


@login_required
@require_POST
def plan_candidate(request: AuthenticatedRequest, pk: int, key: str) -> HttpResponse:
    """Send a shortlisted candidate to the problem form of a programme's month."""
    access.require(request.user, EDIT)
    run = get_object_or_404(SelectionRun, pk=pk)
    form = forms.PlanCandidateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not saved: %(errors)s") % {"errors": _errors(form)})
        return redirect("monthly:candidate", pk=pk, key=key)
    year, month = form.cleaned_data["plan"].year, form.cleaned_data["month"]
    url = reverse("monthly:problem_new", args=[year, month])
    return redirect(f"{url}?run={run.pk}&key={key}")


# --- meetings, supervision board --------------------------------------------------------------


@login_required
def meetings(request: AuthenticatedRequest, year: int) -> HttpResponse:
    chosen = _plan(request, year)
    may_edit = access.can(request.user, EDIT)
    form = forms.MeetingForm(request.POST or None, plan=chosen) if may_edit else None
    if request.method == "POST":
        access.require(request.user, EDIT)
        assert form is not None
        if form.is_valid():
            try:
                made = actions.record_meeting(actor=request.user, plan=chosen, **form.cleaned_data)
            except ValidationError as error:
                _failed(form, error)
            else:
                messages.success(request, _("The meeting is recorded; add the tasks it set."))
                return redirect("monthly:meeting", pk=made.pk)
    listed = chosen.meetings.select_related("theme").annotate(task_count=Count("tasks"))
    return render(
        request,
        "monthly/programme/meetings.html",
        {"plan": chosen, "meetings": listed, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def meeting(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access.require(request.user, VIEW_PLAN)
    chosen = get_object_or_404(Meeting.objects.select_related("plan", "theme"), pk=pk)
    may_edit = access.can(request.user, EDIT)
    form = forms.MeetingTaskForm(request.POST or None, plan=chosen.plan) if may_edit else None
    if request.method == "POST":
        access.require(request.user, EDIT)
        assert form is not None
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                actions.add_task(actor=request.user, meeting=chosen, **data)
            except ValidationError as error:
                _failed(form, error)
            else:
                messages.success(request, _("The task is added to the action plan."))
                return redirect("monthly:meeting", pk=chosen.pk)
    tasks = access.scope(request.user, VIEW_PROBLEM, chosen.tasks.select_related("problem"))
    return render(
        request,
        "monthly/programme/meeting.html",
        {"meeting": chosen, "plan": chosen.plan, "tasks": tasks, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def supervision(request: AuthenticatedRequest, year: int) -> HttpResponse:
    chosen = _plan(request, year)
    items = access.scope(
        request.user,
        VIEW_PROBLEM,
        SupervisionItem.objects.filter(problem__theme__plan=chosen).select_related(
            "problem__theme", "problem__lead_department", "problem__leader"
        ),
    )
    shown = request.GET.get("show", "open")
    if shown == "open":
        items = items.filter(status=SupervisionItem.Status.OPEN)
    elif shown == "escalated":
        items = items.filter(status=SupervisionItem.Status.OPEN, escalation__gt=0)
    return render(
        request,
        "monthly/programme/supervision.html",
        {
            "plan": chosen,
            "items": items.order_by("-escalation", "deadline", "pk"),
            "shown": shown,
            "today": actions.today(),
            "leader_after_days": programme_settings()["ESCALATE_TO_LEADER_AFTER_DAYS"],
        },
    )


# --- review -----------------------------------------------------------------------------------


def _review(request: AuthenticatedRequest, year: int) -> review.YearReview:
    chosen = _plan(request, year)
    # The review covers every problem: the office, the city and leaders read it.
    access.require(request.user, REVIEW)
    month = request.GET.get("month")
    return review.year_review(chosen, month=int(month) if month and month.isdigit() else None)


@login_required
def review_page(request: AuthenticatedRequest, year: int) -> HttpResponse:
    made = _review(request, year)
    return render(
        request,
        "monthly/programme/review.html",
        {
            "review": made,
            "plan": made.plan,
            "month": request.GET.get("month", ""),
            "no_estimate": did.NO_ESTIMATE,
            # A leader reads the whole review but opens only their own problems' pages: the
            # others are named without a link rather than linked to a page that answers 404.
            "openable": set(_problems(request).values_list("pk", flat=True)),
        },
    )


@login_required
def review_xlsx(request: AuthenticatedRequest, year: int) -> HttpResponse:
    made = _review(request, year)
    response = HttpResponse(review.to_xlsx(made), content_type=XLSX)
    month = request.GET.get("month", "")
    suffix = f"-{int(month):02d}" if month.isdigit() else ""
    response["Content-Disposition"] = f'attachment; filename="review-{year}{suffix}.xlsx"'
    return response
