"""Forms of the station's presence desk: they only parse input; the rules are in the actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DoorCardForm(forms.Form):
    latitude = forms.FloatField(
        label=_("Latitude of the door"), required=False, min_value=-90, max_value=90
    )
    longitude = forms.FloatField(
        label=_("Longitude of the door"), required=False, min_value=-180, max_value=180
    )


class PhoneCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code the elder reads out"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("The code has six digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why it is rejected"), max_length=300)
