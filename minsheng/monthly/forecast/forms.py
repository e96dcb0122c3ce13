"""Forms of the forecast page: starting a forecast, deciding on a proactive item."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng.cases.casefile import BEIJING
from minsheng.monthly.conf import forecast_settings
from minsheng.monthly.models import ForecastRun
from minsheng.monthly.models.forecast import MAX_FORECAST_WEEKS
from minsheng.people.models import Organisation


class ForecastForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Forecast per"),
        choices=ForecastRun.By.choices,
        initial=ForecastRun.By.BOTH,
        widget=forms.RadioSelect,
    )
    weeks = forms.IntegerField(label=_("Weeks ahead"), min_value=1, max_value=MAX_FORECAST_WEEKS)
    until = forms.DateField(
        label=_("History up to"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last day of the cases the forecast learns from; usually yesterday."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["weeks"].initial = forecast_settings()["WEEKS"]
        yesterday = timezone.now().astimezone(BEIJING).date() - dt.timedelta(days=1)
        self.fields["until"].initial = yesterday


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


def assignable_units() -> Any:
    """The units an item can be handed to: active, and not volunteer teams or stations."""
    return (
        Organisation.objects.filter(is_active=True)
        .exclude(kind__in=[Organisation.Kind.VOLUNTEER_TEAM, Organisation.Kind.SERVICE_STATION])
        .order_by("code")
    )


class AssignForm(forms.Form):
    unit = UnitChoice(label=_("Unit"), queryset=Organisation.objects.none())
    task = forms.CharField(
        label=_("What the unit is asked to do"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = assignable_units()


class DismissForm(forms.Form):
    note = forms.CharField(
        label=_("Why it is set aside"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
