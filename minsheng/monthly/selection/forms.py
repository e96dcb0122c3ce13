"""Forms of the selection page: starting a run, deciding on a candidate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minsheng.cases.casefile import BEIJING
from minsheng.monthly import sources
from minsheng.monthly.models import CandidateDecision, SelectionRun


class RunForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("What to look for"),
        choices=SelectionRun.Mode.choices,
        widget=forms.RadioSelect,
        initial=SelectionRun.Mode.YEAR,
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("For candidates of a year: usually the previous year."),
    )
    start = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For hot issues: the first day of the period."),
    )
    end = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For hot issues: the last day of the period (included)."),
    )
    source = forms.ChoiceField(label=_("Cases from"), widget=forms.RadioSelect)
    upload = forms.FileField(
        label=_("Case file to upload"),
        required=False,
        help_text=_("CSV or XLSX in the case file format (as exported or generated)."),
    )
    server_file = forms.ChoiceField(label=_("Which file on the server"), required=False)
    top = forms.IntegerField(label=_("How many candidates"), min_value=1, max_value=100, initial=30)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.now().astimezone(BEIJING).date()
        self.fields["year"].initial = today.year - 1
        self.fields["start"].initial = today - dt.timedelta(days=29)
        self.fields["end"].initial = today
        choices = [(SelectionRun.Source.UPLOAD, SelectionRun.Source.UPLOAD.label)]
        files = sources.server_files()
        if files:
            choices.append((SelectionRun.Source.SERVER, SelectionRun.Source.SERVER.label))
        if sources.database_available():
            choices.append((SelectionRun.Source.DATABASE, SelectionRun.Source.DATABASE.label))
        fields: Any = self.fields  # ChoiceFields, which the stubs know only as Fields
        fields["source"].choices = choices
        fields["source"].initial = choices[-1][0]
        fields["server_file"].choices = [("", "—"), *((name, name) for name in files)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == SelectionRun.Mode.YEAR:
            if not data.get("year"):
                self.add_error("year", _("Give the year to analyse."))
            else:
                data["start"], data["end"] = sources.period_of(data["year"])
        elif data.get("mode") == SelectionRun.Mode.HOT:
            if not data.get("start"):
                self.add_error("start", _("Give the first day."))
            if not data.get("end"):
                self.add_error("end", _("Give the last day."))
            if data.get("start") and data.get("end") and data["end"] < data["start"]:
                self.add_error("end", _("The last day must not be before the first."))
        if data.get("source") == SelectionRun.Source.UPLOAD and not data.get("upload"):
            self.add_error("upload", _("Choose a case file to upload."))
        if data.get("source") == SelectionRun.Source.SERVER and not data.get("server_file"):
            self.add_error("server_file", _("Choose one of the files on the server."))
        return data

    def run_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "mode": data["mode"],
            "source": data["source"],
            "start": data["start"],
            "end": data["end"],
            "top": data["top"],
            "upload": data.get("upload"),
            "server_file": data.get("server_file") or "",
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=CandidateDecision.Decision.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why: for the programme's records and the other members of the office."),
    )
