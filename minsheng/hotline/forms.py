"""Forms of the hotline pages (plain HTML forms: every flow works without JavaScript)."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from minsheng.hotline.actions import HANDLING_UNIT_KINDS
from minsheng.hotline.attachments import MAX_PHOTOS
from minsheng.hotline.models import (
    SEARCH_WORDS_MIN_LENGTH,
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


def _current_units(form: forms.Form, *names: str) -> None:
    """Units as they are when the form is made, not when the module was imported."""
    for name in names:
        field = form.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = handling_units()


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
        queryset=Region.objects.places(),
        required=required,
        label=label,
    )


class ReceiveForm(forms.Form):
    # In the order of a call: what, where, who; the category is proposed from the words.
    content = forms.CharField(
        label=_("What the caller asks for"), widget=forms.Textarea, max_length=20_000
    )
    place = place_field(_("District or sub-district"))
    category = category_field(label=_("Category"))
    caller_phone = forms.CharField(label=_("Caller's phone"), required=False, max_length=32)
    title = forms.CharField(label=_("Short title"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.COMPLAINT)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    caller_name = forms.CharField(
        label=_("Caller's name"),
        required=False,
        max_length=64,
        help_text=_("Leave empty for an anonymous caller."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from minsheng.hotline.pickers import make_searchable

        super().__init__(*args, **kwargs)
        make_searchable(self, "place", "category")


class DispatchForm(forms.Form):
    unit = UnitChoiceField(queryset=handling_units(), label=_("Lead unit"))
    cooperating = forms.ModelMultipleChoiceField(
        queryset=handling_units(),
        required=False,
        label=_("Cooperating units"),
        help_text=_("Optional. Hold Ctrl to choose several."),
    )
    note = forms.CharField(label=_("Note for the unit"), required=False, max_length=1000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _current_units(self, "unit", "cooperating")


class CorrectForm(forms.Form):
    """What the dispatcher may correct before dispatching (``actions.correct_case``)."""

    category = category_field(label=_("Category"))
    place = place_field(_("District or sub-district"))
    community = forms.CharField(label=_("Community"), required=False, max_length=100)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        help_text=_("The deadlines follow the kind and the urgency."),
    )
    note = forms.CharField(label=_("Why (optional)"), required=False, max_length=1000)

    @classmethod
    def for_case(cls, case: Any, request: dict[str, Any] | None = None) -> CorrectForm:
        """Filled in with the case as it is, or with what the returning unit asked for."""
        initial = {
            "category": case.category,
            "place": case.subdistrict or case.district,
            "community": case.community_name,
            "address": case.address,
            "kind": case.kind,
            "urgency": case.urgency,
        }
        if request:
            initial.update({k: request[k] for k in ("category", "place") if request.get(k)})
        return cls(initial=initial, auto_id="correct_%s")

    def action_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        place = data.pop("place")
        level = place.level if place is not None else None
        data["district"] = place if level == Region.Level.DISTRICT else None
        data["subdistrict"] = place if level == Region.Level.SUBDISTRICT else None
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Not your responsibility? Say why and return it"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )
    category = category_field(label=_("The right category, if you know it"))
    place = place_field(_("Where the problem really is, if elsewhere"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "return_%s")
        super().__init__(*args, **kwargs)


class ConfirmForm(forms.Form):
    """A button with no fields (accepting a case)."""


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files in one field; each is checked by ``hotline.attachments``, not here."""

    widget = MultiplePhotoInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                _("At most %(count)d photos can be added.") % {"count": MAX_PHOTOS}
            )
        return [super(PhotosField, self).clean(item, initial) for item in files]


class ResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices, widget=forms.RadioSelect)
    resolution = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000
    )
    photos = PhotosField(
        label=_("Photos of the work done (optional, up to 6)"),
        help_text=_("The caller sees them with your reply."),
    )


class CallbackForm(forms.Form):
    resolved = forms.TypedChoiceField(
        label=_("Does the caller say the problem is resolved?"),
        choices=[("yes", _("Yes")), ("no", _("No")), ("", _("No answer"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    satisfaction = forms.ChoiceField(
        label=_("Is the caller satisfied?"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    reopen = forms.BooleanField(
        label=_("The caller disputes the result: send the case back to the unit"), required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class MergeForm(forms.Form):
    master = forms.CharField(label=_("Number of the case to merge into"), max_length=64)


class SearchWordsField(forms.CharField):
    """Words to search cases for, as ``CaseQuerySet.matching`` takes them: without control
    characters (no one types them, and the index's pairs may hold some), and two characters or
    more."""

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        words = "".join(c for c in text if unicodedata.category(c) != "Cc").strip()
        if 0 < len(words) < SEARCH_WORDS_MIN_LENGTH:
            raise ValidationError(_("Type at least two characters to search."), code="short")
        return words


class CaseSearchForm(forms.Form):
    q = SearchWordsField(label=_("Number or words"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Status.choices]
    )
    district = forms.ModelChoiceField(
        queryset=Region.objects.districts().order_by("code"),
        required=False,
        label=_("District"),
        empty_label=_("Any"),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class RuleForm(forms.Form):
    category = category_field(label=_("Category"), empty_label=_("Any category"))
    region = RegionChoiceField(
        queryset=Region.objects.places(),
        required=False,
        label=_("Region"),
        empty_label=_("Anywhere in Beijing"),
    )
    target = forms.ChoiceField(label=_("Send to"), choices=DispatchRule.Target.choices)
    unit = UnitChoiceField(
        queryset=handling_units(),
        required=False,
        label=_("Unit"),
        help_text=_("Only when sending to a named unit."),
    )
    cooperating = forms.ModelMultipleChoiceField(
        queryset=handling_units(), required=False, label=_("Cooperating units")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Partner system"), max_length=100)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Case file (CSV or XLSX)"),
        help_text=_(
            "The first row names the columns, in English or Chinese. Only the case "
            "number, the time received and the request are needed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ExportForm(forms.Form):
    """The filters of ``minsheng export-cases``, and the file's format."""

    start = forms.DateField(
        label=_("Received from (day)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("Received until (day, included)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    district = forms.ModelChoiceField(
        queryset=Region.objects.districts().order_by("code"),
        required=False,
        label=_("District"),
        empty_label=_("Any"),
    )
    category = category_field(label=_("Category (with its sub-categories)"), empty_label=_("Any"))
    unit = UnitChoiceField(
        queryset=handling_units(), required=False, label=_("Lead unit"), empty_label=_("Any")
    )
    statuses = forms.MultipleChoiceField(
        label=_("Status"),
        choices=Status.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every status."),
    )
    chinese_headers = forms.BooleanField(label=_("Column names in Chinese"), required=False)
    format = forms.ChoiceField(
        label=_("File"),
        widget=forms.RadioSelect,
        initial="csv",
        choices=[
            ("csv", _("CSV: downloads at once, any number of cases")),
            ("xlsx", _("Spreadsheet (XLSX): prepared first, up to a million cases")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _current_units(self, "unit")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The first day comes after the last."))
        return data

    def filters(self) -> dict[str, Any]:
        """The filters as ``exporting.filtered_cases`` takes them."""
        data = self.cleaned_data
        return {
            "start": data.get("start"),
            "end": data.get("end"),
            "district": data["district"].code if data.get("district") else None,
            "category": data["category"].code if data.get("category") else None,
            "unit": data["unit"].code if data.get("unit") else None,
            "statuses": data.get("statuses") or None,
        }
