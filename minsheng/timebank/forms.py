"""Forms of the Time Bank's pages: labels and help in the user's language, nothing else.

Rules live in the actions; forms only parse input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng.people.models import User
from minsheng.regions.models import Region
from minsheng.timebank import policies
from minsheng.timebank.models import (
    GrantRule,
    ServiceCategory,
    ServiceItem,
    Station,
    VolunteerProfile,
)
from minsheng.timebank.units import describe_minutes


def _offer(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    """Limit the choices of the model field ``name`` to ``queryset`` (what this user may pick)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


RATING_CHOICES = [
    (5, _("5 · Very satisfied")),
    (4, _("4 · Satisfied")),
    (3, _("3 · Acceptable")),
    (2, _("2 · Not satisfied")),
    (1, _("1 · Very dissatisfied")),
]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonField(forms.CharField):
    """A person named by login name or ID number (looked up by its keyed hash)."""

    def clean(self, value: Any) -> User | None:
        text = super().clean(value)
        if not text:
            return None
        person = User.objects.filter(username=text.strip()).first()
        if person is None:
            try:
                person = User.objects.find_by_id_number(text)
            except Exception:
                person = None
        if person is None:
            raise forms.ValidationError(_("No person with this login name or ID number."))
        return person


def person_label(person: Any) -> str:
    """A person as pages show them: their name, never the login name in brackets."""
    return str(getattr(person, "name", "") or getattr(person, "username", ""))


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ServiceItem) -> str:
        return f"{obj.category.display_name} · {obj.display_name}"


class PostRequestForm(forms.Form):
    beneficiary = PersonChoiceField(label=_("Who needs the service"), queryset=User.objects.none())
    item = ItemChoiceField(label=_("Service"), queryset=ServiceItem.objects.none())
    starts_at = forms.DateTimeField(
        label=_("When"),
        widget=LocalDateTimeInput(),
        help_text=_("Day and time the volunteer should come."),
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("How long"),
        coerce=int,
        choices=[
            (30, _("30 minutes")),
            (60, _("1 hour")),
            (90, _("1 hour 30 minutes")),
            (120, _("2 hours")),
            (180, _("3 hours")),
            (240, _("4 hours")),
        ],
        initial=60,
    )
    description = forms.CharField(
        label=_("What is needed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("For example: accompany me to the hospital for a check-up."),
    )
    address = forms.CharField(label=_("Meeting place"), max_length=200, required=False)
    pay_from_spouse = forms.BooleanField(
        label=_("Pay from my verified spouse's stored coins"), required=False
    )

    def __init__(self, *args: Any, beneficiaries: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "beneficiary", beneficiaries)
        _offer(self, "item", items.select_related("category"))
        if beneficiaries.count() == 1:
            self.fields["beneficiary"].initial = beneficiaries.first()
            self.fields["beneficiary"].widget = forms.HiddenInput()

    def clean_starts_at(self) -> dt.datetime:
        value = self.cleaned_data["starts_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return value


class DurationFormMixin(forms.Form):
    """An amount of time entered as hours and minutes; ``cleaned_data["minutes"]`` is the total."""

    hours = forms.IntegerField(
        label=_("Hours"),
        min_value=0,
        max_value=10000,
        required=False,
        help_text=_("One hour of service is one time coin."),
    )
    minutes_part = forms.IntegerField(
        label=_("and minutes"), min_value=0, max_value=59, required=False
    )

    minimum_minutes = 1
    maximum_minutes: int | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "hours" in self.errors or "minutes_part" in self.errors:
            return data
        hours, rest = data.get("hours"), data.get("minutes_part")
        if hours is None and rest is None:
            raise forms.ValidationError(_("Enter the hours, the minutes or both."))
        total = (hours or 0) * 60 + (rest or 0)
        if total < self.minimum_minutes:
            raise forms.ValidationError(_("Enter at least one minute (hours and minutes)."))
        if self.maximum_minutes is not None and total > self.maximum_minutes:
            raise forms.ValidationError(
                _("At most %(limit)s.") % {"limit": describe_minutes(self.maximum_minutes)}
            )
        data["minutes"] = total
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class AssignForm(forms.Form):
    volunteer = PersonChoiceField(label=_("Volunteer"), queryset=User.objects.none())

    def __init__(self, *args: Any, volunteers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "volunteer", volunteers)


class SignTimeForm(forms.Form):
    """Station staff enter times from a paper sheet; volunteers just press the button."""

    at = forms.DateTimeField(label=_("Time"), widget=LocalDateTimeInput(), required=False)


class ConfirmForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was the service?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        initial=5,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DisputeForm(DurationFormMixin):
    """The time the person thinks is right, in hours and minutes (``minutes`` once clean)."""

    minimum_minutes = 0
    maximum_minutes = 1440
    reason = forms.CharField(label=_("What is wrong"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(DurationFormMixin):
    """The time to pay, in hours and minutes (``minutes`` once clean)."""

    minimum_minutes = 0
    maximum_minutes = 1440
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))


class TransferForm(DurationFormMixin):
    client_key = forms.CharField(widget=forms.HiddenInput())
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class GiftForm(TransferForm):
    receiver = PersonChoiceField(label=_("To"), queryset=User.objects.none())

    field_order = ["receiver", "hours", "minutes_part", "note", "client_key"]

    def __init__(self, *args: Any, relatives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "receiver", relatives)


class AllocationForm(TransferForm):
    recipient = PersonField(label=_("Elder (login name or ID number)"), max_length=64)
    reason = forms.CharField(label=_("Reason"), max_length=300)

    field_order = ["recipient", "hours", "minutes_part", "reason", "client_key"]


class ReverseForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Minutes to reverse"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to reverse everything that is left."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class RegisterVolunteerForm(forms.Form):
    person = PersonField(label=_("Person (login name or ID number)"), max_length=64)
    guardian = PersonField(
        label=_("Guardian (for volunteers under 18)"), max_length=64, required=False
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Can help with"),
        queryset=ServiceCategory.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class StationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Station) -> str:
        return f"{obj.organisation.display_name}（{obj.region.display_name}）"


class VolunteerApplicationForm(forms.Form):
    """A resident's own application; the ID number is asked only when none is on file."""

    station = StationChoiceField(
        label=_("Station where you want to volunteer"),
        queryset=Station.objects.approved()
        .select_related("organisation", "region")
        .order_by("region__path", "organisation__name"),
        help_text=_("Usually the station of your own sub-district (find it on the join page)."),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("I can help with"),
        queryset=ServiceCategory.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.CharField(
        label=_("When I can help"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In your own words, for example: weekday mornings, Saturday afternoons."),
    )
    id_number = forms.CharField(
        label=_("Your ID number"),
        max_length=18,
        required=False,
        help_text=_(
            "Your age is checked from it; stored encrypted. Bring the ID card to the station."
        ),
    )

    def __init__(self, *args: Any, needs_id_number: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_id_number:
            del self.fields["id_number"]


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("Training"), max_length=120)
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    hours = forms.DecimalField(label=_("Hours"), min_value=0.5, max_value=100, initial=2)


class RegisterElderForm(forms.Form):
    person = PersonField(label=_("Person (login name or ID number)"), max_length=64)
    lives_alone = forms.BooleanField(label=_("Lives alone"), required=False)
    disabled = forms.BooleanField(label=_("Has a disability"), required=False)
    low_income = forms.BooleanField(
        label=_("Low income (minimum living allowance)"), required=False
    )
    uses_smartphone = forms.BooleanField(label=_("Uses a smartphone"), required=False)


class ElderCircumstancesForm(forms.Form):
    lives_alone = forms.BooleanField(label=_("Lives alone"), required=False)
    disabled = forms.BooleanField(label=_("Has a disability"), required=False)
    low_income = forms.BooleanField(
        label=_("Low income (minimum living allowance)"), required=False
    )
    uses_smartphone = forms.BooleanField(label=_("Uses a smartphone"), required=False)


class GrantRuleForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Chinese name"), max_length=100)
    name_en = forms.CharField(label=_("English name"), max_length=160)
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=120, initial=80)
    requires_lives_alone = forms.BooleanField(label=_("Must live alone"), required=False)
    requires_disability = forms.BooleanField(label=_("Must have a disability"), required=False)
    requires_low_income = forms.BooleanField(label=_("Must have a low income"), required=False)
    default_minutes = forms.IntegerField(
        label=_("Usual grant in minutes"), min_value=1, initial=600
    )
    is_active = forms.BooleanField(label=_("In force"), required=False, initial=True)


class CareNeedForm(forms.Form):
    categories = forms.ModelMultipleChoiceField(
        label=_("Kinds of help needed"),
        queryset=ServiceCategory.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))


class ProposeGrantForm(forms.Form):
    recipient = PersonField(label=_("Elder (login name or ID number)"), max_length=64)
    rule = forms.ModelChoiceField(
        label=_("Rule"), queryset=GrantRule.objects.filter(is_active=True)
    )
    issuer = forms.ModelChoiceField(label=_("Issued by"), queryset=Region.objects.none())
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for the rule's usual amount."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "issuer", Region.objects.filter(level__lte=Region.Level.DISTRICT))


class BudgetForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Issuer"), queryset=Region.objects.filter(level__lte=Region.Level.DISTRICT)
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    minutes = forms.IntegerField(label=_("Budget in minutes"), min_value=0)


class ServiceItemForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Offered in"), queryset=Region.objects.none())
    category = forms.ModelChoiceField(label=_("Category"), queryset=ServiceCategory.objects.all())
    code = forms.SlugField(label=_("Code"), max_length=48)
    name = forms.CharField(label=_("Chinese name"), max_length=100)
    name_en = forms.CharField(label=_("English name"), max_length=160)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    typical_minutes = forms.IntegerField(label=_("Typical minutes"), min_value=1, initial=60)
    is_active = forms.BooleanField(label=_("Offered"), required=False, initial=True)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "region", regions)


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    item = ItemChoiceField(label=_("Service"), queryset=ServiceItem.objects.none())
    place = forms.CharField(label=_("Place"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=LocalDateTimeInput())
    capacity = forms.IntegerField(label=_("Volunteers wanted"), min_value=1, initial=10)

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "item", items.select_related("category"))


class AttendanceForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes attended"), min_value=1, max_value=1440)


class PolicyForm(forms.Form):
    """One field per setting, labelled and explained."""

    def __init__(self, *args: Any, policy: policies.Policy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for setting in policies.SETTINGS:
            current = getattr(policy, setting.key)
            help_text = setting.help_text
            if setting.is_flag:
                field: forms.Field = forms.BooleanField(required=False, initial=current)
            elif setting.is_choice:
                field = forms.ChoiceField(choices=setting.choices, initial=current)
            else:
                field = forms.IntegerField(
                    min_value=setting.minimum, max_value=setting.maximum, initial=current
                )
            field.label = f"{setting.label} ({setting.unit})" if setting.unit else setting.label
            field.help_text = help_text
            self.fields[setting.key] = field


class StationDecisionForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


def volunteers_of(station: Station | None) -> Any:
    """Active volunteers, those of ``station`` first."""
    people = User.objects.filter(
        volunteer_profile__status=VolunteerProfile.Status.ACTIVE
    ).select_related("volunteer_profile")
    return (
        people.order_by("name")
        if station is None
        else people.filter(volunteer_profile__station=station).order_by("name")
    )
