"""The selection page: runs, their ranked candidates with evidence, and the office's decisions."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.core.http import AuthenticatedRequest
from minsheng.monthly.conf import selection_settings
from minsheng.monthly.models import CandidateDecision, Plan, SelectionRun
from minsheng.monthly.programme.forms import PlanCandidateForm
from minsheng.monthly.selection import actions, output
from minsheng.monthly.selection.candidates import Candidate
from minsheng.monthly.selection.engine import Selection
from minsheng.monthly.selection.forms import DecisionForm, RunForm
from minsheng.monthly.selection.scoring import explain

VIEW, RUN, DECIDE = "monthly.view_selection", "monthly.run_selection", "monthly.decide_candidate"
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _runs(request: HttpRequest) -> Any:
    return access.scope(
        request.user, VIEW, SelectionRun.objects.select_related("job", "created_by")
    )


def _run(request: HttpRequest, pk: int) -> SelectionRun:
    return get_object_or_404(_runs(request), pk=pk)


@login_required
def index(request: HttpRequest, form: RunForm | None = None, status: int = 200) -> HttpResponse:
    access.require(request.user, VIEW)
    may_run = access.can(request.user, RUN)
    if may_run and form is None:
        form = RunForm()
    context = {
        "runs": _runs(request)[:50],
        "form": form if may_run else None,
        "weights": selection_settings()["WEIGHTS"],
    }
    return render(request, "monthly/index.html", context, status=status)


@login_required
@require_POST
def start(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, RUN)
    form = RunForm(request.POST, request.FILES)
    if not form.is_valid():
        return index(request, form, status=400)
    try:
        run = actions.start_selection(
            actor=request.user, language=get_language(), **form.run_arguments()
        )
    except ValidationError as error:
        form.add_error(None, error)
        return index(request, form, status=400)
    job_page = reverse("jobs:detail", args=[run.job_id])
    return redirect(f"{job_page}?next={reverse('monthly:run', args=[run.pk])}")


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    decisions = {d.key: d for d in run.decisions.select_related("decided_by")}
    candidates = [
        {**{k: v for k, v in c.items() if k != "numbers"}, "decision": decisions.get(c["key"])}
        for c in run.candidates or []
    ]
    weights = selection_settings()["WEIGHTS"]
    total = sum(weights.values()) or 1
    chart = (
        [
            {
                "label": c["label"],
                "rank": c["rank"],
                **{q: round(c["components"].get(q, 0) * weights[q] / total, 4) for q in weights},
            }
            for c in candidates
        ]
        if run.mode == SelectionRun.Mode.YEAR
        else []
    )
    return render(
        request,
        "monthly/run.html",
        {
            "run": run,
            "candidates": candidates,
            "chart": chart,
            "weights": weights,
            "may_decide": access.can(request.user, DECIDE, run),
        },
    )


def _candidate(run: SelectionRun, key: str) -> Candidate:
    candidate = run.candidate(key)
    if candidate is None:
        raise Http404(_("This run has no such candidate."))
    if "widespread" in candidate["components"]:
        # In the reader's language, whatever language the run was made in.
        candidate = {
            **candidate,
            "explanation": explain(
                candidate["components"], selection_settings(), len(candidate["months"])
            ),
        }
    return candidate


@login_required
def candidate_detail(
    request: HttpRequest, pk: int, key: str, form: DecisionForm | None = None, status: int = 200
) -> HttpResponse:
    run = _run(request, pk)
    candidate = _candidate(run, key)
    decision = run.decisions.select_related("decided_by").filter(key=key).first()
    may_decide = access.can(request.user, DECIDE, run)
    if may_decide and form is None:
        initial = {"decision": decision.decision, "note": decision.note} if decision else {}
        form = DecisionForm(initial=initial)
    return render(
        request,
        "monthly/candidate.html",
        {
            "run": run,
            "candidate": candidate,
            "decision": decision,
            "form": form if may_decide else None,
            "case_count": len(candidate["numbers"]),
            "plan_form": _plan_form(request, decision),
            "problems": run.problems.filter(source_key=key).select_related("theme__plan"),
        },
        status=status,
    )


def _plan_form(
    request: HttpRequest, decision: CandidateDecision | None
) -> PlanCandidateForm | None:
    """Where a shortlisted candidate can be turned into a problem of a programme."""
    shortlisted = decision is not None and decision.decision == decision.Decision.SHORTLISTED
    if not shortlisted or not access.can(request.user, "monthly.edit_programme"):
        return None
    return PlanCandidateForm() if Plan.objects.exists() else None


@login_required
@require_POST
def decide(request: AuthenticatedRequest, pk: int, key: str) -> HttpResponse:
    run = _run(request, pk)
    _candidate(run, key)  # 404 for a candidate the run does not have
    access.require(request.user, DECIDE, run)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return candidate_detail(request, pk, key, form, status=400)
    try:
        made = actions.decide_candidate(actor=request.user, run=run, key=key, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return candidate_detail(request, pk, key, form, status=400)
    messages.success(
        request,
        _("%(label)s: %(decision)s.")
        % {"label": made.label, "decision": made.get_decision_display()},
    )
    return redirect("monthly:candidate", pk=run.pk, key=key)


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    run = _run(request, pk)
    if fmt not in output.FORMATS or not run.finished:
        raise Http404
    selection = Selection(run.candidates or [], run.summary or {})
    name = f"candidates-{run.period_start}-{run.period_end}.{fmt}"
    if fmt == "xlsx":
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            output.write_xlsx(selection, path)
            body: bytes | str = path.read_bytes()
    else:
        body = {"json": output.to_json, "csv": output.to_csv, "html": output.to_html}[fmt](
            selection
        )
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def numbers(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """The case numbers of one candidate, as CSV."""
    candidate = _candidate(_run(request, pk), key)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["number"])
    writer.writerows([n] for n in candidate["numbers"])
    response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="candidate-{key}-cases.csv"'
    return response
