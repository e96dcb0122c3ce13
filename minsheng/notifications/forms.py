"""Forms of the notification pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from minsheng.notifications.models import Channel, Delivery, Preference, SurveyAnswer


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = [
            "sms_enabled",
            "email_enabled",
            "email",
            "push_enabled",
            "wechat_enabled",
            "language",
            "quiet_start",
            "quiet_end",
            "share_with_family",
        ]
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", _("My preferred language")), *settings.LANGUAGES]
        self.fields["quiet_start"].help_text = _(
            "Text messages wait until the end of these hours (Beijing time), unless urgent."
        )


class DeliveryFilterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All"))] + list(Channel.choices[1:])
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(Delivery.Status.choices)
    )
    kind = forms.CharField(label=_("Kind"), required=False, max_length=64)


class SurveyForm(forms.Form):
    resolved = forms.TypedChoiceField(
        label=_("Was your problem solved?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you with how it was handled?"),
        choices=SurveyAnswer.Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else you want to tell us"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
