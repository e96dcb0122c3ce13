"""Forms of the hotline pages (plain HTML forms: every flow works without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minsheng.hotline.actions import HANDLING_UNIT_KINDS
from minsheng.hotline.models import (
    Category,
    Channel,
    DispatchRule,
    Kind,
    Result,
    Satisfaction,
    Status,
    Urgency,
)
from minsheng.people.models import Organisation
from minsheng.regions.models import Region


def handling_units() -> Any:
    return Organisation.objects.filter(kind__in=HANDLING_UNIT_KINDS, is_active=True).order_by(
        "kind", "code"
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.display_name} ({obj.code})"


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return f"{'— ' * (obj.level - 1)}{obj.display_name} ({obj.code})"


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{'— ' * (obj.level - 2)}{obj.display_name}"


def category_field(required: bool = False, **kwargs: Any) -> CategoryChoiceField:
    return CategoryChoiceField(
        queryset=Category.objects.filter(is_active=True), required=required, **kwargs
    )


def place_field(label: Any, required: bool = False) -> RegionChoiceField:
    return RegionChoiceField(
        queryset=Region.objects.filter(level__in=(2, 3)).order_by("path"),
        required=required,
        label=label,
    )


class ReceiveForm(forms.Form):
    content = forms.CharField(label=_("What the caller asks for"), widget=forms.Textarea,
                              max_length=20_000)  # fmt: skip
    title = forms.CharField(label=_("Short title"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.COMPLAINT)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices,
                                initial=Urgency.NORMAL)  # fmt: skip
    category = category_field(label=_("Category"))
    place = place_field(_("District or sub-district"))
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    caller_name = forms.CharField(label=_("Caller's name"), required=False, max_length=64,
                                  help_text=_("Leave empty for an anonymous caller."))  # fmt: skip
    caller_phone = forms.CharField(label=_("Caller's phone"), required=False, max_length=32)


class DispatchForm(forms.Form):
    unit = UnitChoiceField(queryset=handling_units(), label=_("Lead unit (主办)"))
    cooperating = forms.ModelMultipleChoiceField(
        queryset=handling_units(), required=False, label=_("Cooperating units (协办)"),
        help_text=_("Optional. Hold Ctrl to choose several."),
    )  # fmt: skip
    note = forms.CharField(label=_("Note for the unit"), required=False, max_length=1000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = handling_units()
        self.fields["cooperating"].queryset = handling_units()


class ConfirmForm(forms.Form):
    """A button with no fields (accepting a case)."""


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000)  # fmt: skip


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=4000)  # fmt: skip


class ResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices,
                               widget=forms.RadioSelect)  # fmt: skip
    resolution = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}),
                                 max_length=10_000)  # fmt: skip


class CallbackForm(forms.Form):
    resolved = forms.TypedChoiceField(
        label=_("Does the caller say the problem is resolved?"),
        choices=[("yes", _("Yes")), ("no", _("No")), ("", _("No answer"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value), empty_value=None,
        required=False, widget=forms.RadioSelect,
    )  # fmt: skip
    satisfaction = forms.ChoiceField(label=_("Is the caller satisfied?"),
                                     choices=Satisfaction.choices, widget=forms.RadioSelect)  # fmt: skip
    reopen = forms.BooleanField(
        label=_("The caller disputes the result: send the case back to the unit"), required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class MergeForm(forms.Form):
    master = forms.CharField(label=_("Number of the case to merge into"), max_length=64)


class CaseSearchForm(forms.Form):
    q = forms.CharField(label=_("Number or words"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any")), *Status.choices])  # fmt: skip
    district = forms.ModelChoiceField(
        queryset=Region.objects.districts().order_by("code"), required=False,
        label=_("District"), empty_label=_("Any"),
    )  # fmt: skip
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class RuleForm(forms.Form):
    category = category_field(label=_("Category"), empty_label=_("Any category"))
    region = RegionChoiceField(
        queryset=Region.objects.filter(level__in=(2, 3)).order_by("path"), required=False,
        label=_("Region"), empty_label=_("Anywhere in Beijing"),
    )  # fmt: skip
    target = forms.ChoiceField(label=_("Send to"), choices=DispatchRule.Target.choices)
    unit = UnitChoiceField(queryset=handling_units(), required=False, label=_("Unit"),
                           help_text=_("Only when sending to a named unit."))  # fmt: skip
    cooperating = forms.ModelMultipleChoiceField(queryset=handling_units(), required=False,
                                                 label=_("Cooperating units"))  # fmt: skip
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Partner system"), max_length=100)
