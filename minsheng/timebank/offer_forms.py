"""The forms of offers and matching: a volunteer's offer, an elder's home point."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minsheng.regions.models import Region
from minsheng.timebank.models import ServiceCategory, VolunteerOffer

# Weekly availability is chosen as parts of days (easier than typing times).
DAY_PARTS = {
    "morning": (8 * 60, 12 * 60),
    "afternoon": (13 * 60, 17 * 60),
    "evening": (18 * 60, 21 * 60),
}
WEEKDAYS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)
PART_NAMES = {
    "morning": _("morning (8:00-12:00)"),
    "afternoon": pgettext_lazy("day part", "afternoon (13:00-17:00)"),
    "evening": _("evening (18:00-21:00)"),
}
DISTANCES = [
    (500, _("500 metres")),
    (1000, _("1 kilometre")),
    (2000, _("2 kilometres")),
    (3000, _("3 kilometres")),
    (5000, _("5 kilometres")),
    (10000, _("10 kilometres")),
]


def slot_choices() -> list[tuple[str, Any]]:
    return [
        (f"{day}-{part}", _("%(day)s %(part)s") % {"day": WEEKDAYS[day], "part": PART_NAMES[part]})
        for day in range(7)
        for part in DAY_PARTS
    ]


def slots_from(chosen: list[str]) -> list[list[int]]:
    slots = []
    for value in chosen:
        day, part = value.split("-")
        first, last = DAY_PARTS[part]
        slots.append([int(day), first, last])
    return slots


def chosen_from(slots: list[Any]) -> list[str]:
    found = []
    for day, first, last in slots:
        for part, (a, b) in DAY_PARTS.items():
            if (first, last) == (a, b):
                found.append(f"{day}-{part}")
    return found


class PointFields(forms.Form):
    latitude = forms.FloatField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        help_text=_("For example 39.8866. The button below fills it from your phone's position."),
    )
    longitude = forms.FloatField(
        label=_("Longitude"), min_value=-180, max_value=180, help_text=_("For example 116.4617.")
    )


class OfferForm(PointFields):
    categories = forms.ModelMultipleChoiceField(
        label=_("Kinds of help I offer"),
        queryset=ServiceCategory.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    max_distance_m = forms.TypedChoiceField(
        label=_("How far I will go"), choices=DISTANCES, coerce=int, initial=2000
    )
    slots = forms.MultipleChoiceField(
        label=_("When I am free (every week)"),
        choices=slot_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas I also serve, at any distance"),
        queryset=Region.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    active = forms.BooleanField(label=_("Open to requests"), required=False, initial=True)

    field_order = [
        "categories",
        "max_distance_m",
        "slots",
        "areas",
        "latitude",
        "longitude",
        "note",
        "active",
    ]

    def __init__(self, *args: Any, district: Region | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = self.fields["areas"]
        assert isinstance(areas, forms.ModelMultipleChoiceField)
        if district is not None:
            areas.queryset = Region.objects.within(district).subdistricts()

    @classmethod
    def initial_of(cls, offer: VolunteerOffer | None) -> dict[str, Any]:
        if offer is None:
            return {"active": True, "max_distance_m": 2000}
        return {
            "categories": list(offer.categories.all()),
            "areas": list(offer.areas.all()),
            "max_distance_m": offer.max_distance_m,
            "slots": chosen_from(offer.availability),
            "latitude": offer.latitude,
            "longitude": offer.longitude,
            "note": offer.note,
            "active": offer.active,
        }


class HomePointForm(PointFields):
    pass
