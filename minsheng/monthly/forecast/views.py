"""The forecast page: runs from the database, their backtest, proactive items, the weeks ahead."""

from __future__ import annotations

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
from minsheng.monthly.conf import forecast_settings
from minsheng.monthly.forecast import actions, output
from minsheng.monthly.forecast.engine import Backtest, Forecast, WeekForecast
from minsheng.monthly.forecast.forms import AssignForm, DismissForm, ForecastForm
from minsheng.monthly.models import ForecastRun, ProactiveItem

VIEW, VIEW_ITEM = actions.VIEW, actions.VIEW_ITEM
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8"}


def _runs(request: HttpRequest) -> Any:
    access.require(request.user, VIEW)
    return access.scope(request.user, VIEW, ForecastRun.objects.select_related("job", "created_by"))


@login_required
def index(
    request: HttpRequest, form: ForecastForm | None = None, status: int = 200
) -> HttpResponse:
    access.require(request.user, VIEW)
    may_run = access.can(request.user, actions.RUN)
    context = {
        "runs": _runs(request)[:50],
        "form": (form or ForecastForm()) if may_run else None,
        "settings": forecast_settings(),
        "margin": round(forecast_settings()["ALERT_MARGIN"] * 100),
    }
    return render(request, "monthly/forecast/index.html", context, status=status)


@login_required
@require_POST
def start(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, actions.RUN)
    form = ForecastForm(request.POST)
    if not form.is_valid():
        return index(request, form, status=400)
    try:
        run = actions.start_forecast(
            actor=request.user, language=get_language(), **form.cleaned_data
        )
    except ValidationError as error:
        form.add_error(None, error)
        return index(request, form, status=400)
    job_page = reverse("jobs:detail", args=[run.job_id])
    return redirect(f"{job_page}?next={reverse('monthly:forecast', args=[run.pk])}")


def _backtest(run: ForecastRun) -> Backtest | None:
    return Backtest(**run.backtest) if run.backtest else None


@login_required
def detail(
    request: HttpRequest, pk: int, forms: dict[int, Any] | None = None, status: int = 200
) -> HttpResponse:
    run = get_object_or_404(_runs(request), pk=pk)
    may_act = access.can(request.user, actions.ACT)
    items = list(run.items.select_related("unit", "decided_by"))
    forms = forms or {}
    for item in items:
        item.assign_form, item.dismiss_form = forms.get(item.pk) or _forms(item.pk)
    backtest = _backtest(run)
    context = {
        "run": run,
        "items": items,
        "may_act": may_act,
        "backtest": output.describe_backtest(backtest) if run.finished else "",
        "verdict": output.verdict(backtest),
        "weeks": sorted({row["week_start"] for row in run.rows or []}),
        "groups": _groups(run.rows or []),
    }
    return render(request, "monthly/forecast/detail.html", context, status=status)


def _forms(pk: int, data: Any = None) -> tuple[AssignForm, DismissForm]:
    """An item's two forms; prefixed, as every item of the page has its own."""
    return AssignForm(data, prefix=f"assign-{pk}"), DismissForm(data, prefix=f"dismiss-{pk}")


def _groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows as one line per group, the weeks in order, the largest groups first."""
    groups: dict[tuple[str | None, str | None], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["district"], row["category"]), []).append(row)
    lines = [
        {
            "name": output.group_name(*key),
            "weeks": sorted(weeks, key=lambda r: r["week_start"]),
            "total": sum(r["expected"] for r in weeks),
        }
        for key, weeks in groups.items()
    ]
    return sorted(lines, key=lambda line: -line["total"])


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    run = get_object_or_404(_runs(request), pk=pk)
    if fmt not in output.FORMATS or not run.finished:
        raise Http404(_("There is no such file."))
    forecast = Forecast([WeekForecast(**row) for row in run.rows or []], _backtest(run), [])
    stream = io.StringIO()
    output.write(forecast, fmt, stream)
    response = HttpResponse(stream.getvalue(), content_type=CONTENT_TYPES[fmt])
    name = f"forecast-{run.until:%Y%m%d}-{run.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _item(request: HttpRequest, pk: int) -> ProactiveItem:
    items = access.scope(request.user, VIEW_ITEM, ProactiveItem.objects.select_related("run"))
    return get_object_or_404(items, pk=pk)


def _explain_decided(request: HttpRequest, item: ProactiveItem) -> None:
    """An item decided meanwhile shows no form to carry the error: say it at the top."""
    item.refresh_from_db()
    if item.status != ProactiveItem.Status.OPEN:
        messages.error(request, _("This item has already been decided."))


@login_required
@require_POST
def assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, which=0, success=_("The item was handed to the unit."))


@login_required
@require_POST
def dismiss(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, which=1, success=_("The item was set aside."))


def _decide(request: AuthenticatedRequest, pk: int, *, which: int, success: str) -> HttpResponse:
    """One of an item's two forms (0: hand to a unit, 1: set aside), submitted."""
    item = _item(request, pk)
    forms = list(_forms(item.pk))
    form = forms[which] = type(forms[which])(request.POST, prefix=forms[which].prefix)
    decide = actions.assign_proactive_item if which == 0 else actions.dismiss_proactive_item
    if form.is_valid():
        try:
            decide(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except actions.AlreadyDecided as refused:
            form.add_error(None, refused.message)
            _explain_decided(request, item)
        else:
            messages.success(request, success)
            return redirect("monthly:forecast", item.run_id)
    return detail(request, item.run_id, {item.pk: (forms[0], forms[1])}, status=400)


@login_required
def items(request: HttpRequest) -> HttpResponse:
    """The proactive items a person may see: a unit's staff, the tasks handed to their unit."""
    access.require(request.user, VIEW_ITEM)
    visible = actions.visible_items(request.user).exclude(status=ProactiveItem.Status.DISMISSED)
    return render(
        request,
        "monthly/forecast/items.html",
        {"items": visible.order_by("status", "due", "-expected")[:200]},
    )
