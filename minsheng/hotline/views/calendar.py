"""The working-day calendar: the official holidays and adjusted days, and the office's exceptions."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.core.forms import apply_form
from minsheng.core.http import AuthenticatedRequest
from minsheng.hotline import conf, workday_actions
from minsheng.hotline.workdays import (
    WorkdayException,
    calendar,
    official_holiday_name,
    official_is_working,
    official_range,
)


class ExceptionForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    working = forms.TypedChoiceField(
        label=gettext_lazy("Count it as"),
        choices=[("0", gettext_lazy("A day off")), ("1", gettext_lazy("A working day"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


def special_days(year: int) -> list[dict[str, object]]:
    """The year's days that differ from a plain Monday-to-Friday week, officially."""
    days = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        working = official_is_working(day)
        if working != (day.weekday() < 5):
            days.append({"day": day, "working": working, "name": official_holiday_name(day)})
        day += dt.timedelta(days=1)
    return days


@login_required
def working_days(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "hotline.view_workdayexception")
    form = ExceptionForm(request.POST or None)
    # Unbound on a GET, the form is not valid: nothing is saved.
    saved = apply_form(
        form, lambda data: workday_actions.set_workday_exception(actor=request.user, **data)
    )
    if saved:
        messages.success(request, _("The exception is saved; new deadlines follow it."))
        return redirect("hotline:working_days")
    today = timezone.localdate()
    first, last = official_range()
    days = calendar()
    return render(
        request,
        "hotline/working_days.html",
        {
            "form": form,
            "may_edit": access.can(request.user, "hotline.add_workdayexception"),
            "exceptions": WorkdayException.objects.filter(day__gte=today - dt.timedelta(days=366)),
            "years": [(year, special_days(year)) for year in (today.year, today.year + 1)],
            "official_last": last,
            "next_year_missing": today.year + 1 > last,
            "rules": {
                "response": conf.response_rules(),
                "handling": conf.handling_rules(),
                "cap": conf.handling_cap_rules(),
            },
            "next_days": days.working_days(today, today + dt.timedelta(days=14)),
        },
    )


@login_required
@require_POST
def remove_exception(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    exception = get_object_or_404(WorkdayException, pk=pk)
    workday_actions.remove_workday_exception(actor=request.user, exception=exception)
    messages.success(request, _("The exception is removed."))
    return redirect("hotline:working_days")
