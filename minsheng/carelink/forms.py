from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minsheng.carelink.models import CareLink
from minsheng.timebank.forms import PostRequestForm


class TurnIntoServiceForm(PostRequestForm):
    """The Time Bank's request form, for an elder chosen by staff, with the elder's consent."""

    consent_given_by = forms.ChoiceField(
        label=_("Who agreed to the service"),
        choices=CareLink.ConsentGivenBy.choices,
        widget=forms.RadioSelect,
    )
    consent_method = forms.ChoiceField(
        label=_("How they agreed"), choices=CareLink.ConsentMethod.choices, widget=forms.RadioSelect
    )
    consent_note = forms.CharField(
        label=_("Note on the consent"),
        required=False,
        max_length=500,
        help_text=_("For example: the elder's daughter agreed on the call of 3 December."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Paid from the elder's own account: a case is no ground to draw on a spouse's coins.
        del self.fields["pay_from_spouse"]
        del self.fields["address"]
