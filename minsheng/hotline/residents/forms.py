"""The residents' forms: plain HTML, usable without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minsheng.core import identity
from minsheng.hotline.actions.residents import MAX_CONTENT, RESIDENT_KINDS
from minsheng.hotline.forms import CategoryChoiceField, PhotosField, place_field
from minsheng.hotline.models import Category, Kind, Rating
from minsheng.notifications import forms as notification_forms
from minsheng.regions.models import Region


def mobile_field(required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_("Your mobile phone"),
        max_length=20,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


def code_field(required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_("Code from the text message"),
        max_length=6,
        min_length=6,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        help_text=_("Six digits. Use the button to have a code sent to your phone."),
    )


class PhoneForm(forms.Form):
    phone = mobile_field()

    def clean_phone(self) -> str:
        return identity.parse_mobile(self.cleaned_data["phone"])


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of request is it?"),
        choices=[(k.value, k.label) for k in RESIDENT_KINDS],
        initial=Kind.COMPLAINT,
        widget=forms.RadioSelect,
    )
    content = forms.CharField(
        label=_("Describe the problem or what you ask for"),
        max_length=MAX_CONTENT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What, where exactly, since when. Do not write ID numbers here."),
    )
    category = CategoryChoiceField(
        queryset=Category.objects.filter(is_active=True),
        required=False,
        label=_("Category (if you know it)"),
        help_text=_("The hotline chooses it if you leave it empty."),
    )
    place = place_field(_("District or sub-district"))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    latitude = forms.FloatField(
        label=_("Latitude of the spot (optional)"),
        required=False,
        min_value=39.4,
        max_value=41.1,
        help_text=_("In decimal degrees, for example 39.88; or leave empty."),
    )
    longitude = forms.FloatField(
        label=_("Longitude of the spot (optional)"),
        required=False,
        min_value=115.4,
        max_value=117.6,
    )
    photos = PhotosField(
        label=_("Photos (up to 6)"),
        help_text=_(
            "JPEG, PNG or WebP, at most 10 MB each. Where and when the photo was taken is removed."
        ),
    )
    anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        required=False,
        help_text=_(
            "Your name is not kept and the request is marked anonymous. Suggestions and praise "
            "may be sent without a phone too; other requests need your phone so that the unit "
            "can call you back."
        ),
    )
    name = forms.CharField(label=_("Your name"), max_length=64, required=False)
    phone = mobile_field(required=False)
    code = code_field(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from minsheng.hotline.pickers import make_searchable

        super().__init__(*args, **kwargs)
        make_searchable(self, "place", "category")

    def action_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        place: Region | None = data.pop("place")
        subdistrict = place if place is not None and place.level == 3 else None
        district = place if place is not None and place.level == 2 else None
        return {**data, "district": district, "subdistrict": subdistrict}


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=64)
    phone = mobile_field()
    code = code_field(required=False)


class SurveyForm(notification_forms.SurveyForm):
    """The reply text's survey, with satisfaction in five levels (the rates count them as the
    telephone call-back's three)."""

    satisfaction = None  # type: ignore[assignment]  # replaced by the five levels below
    rating = forms.ChoiceField(
        label=_("How satisfied are you with how it was handled?"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
    )
    field_order = ["resolved", "rating", "comment"]


class KeyForm(forms.Form):
    """Following a request reported without a phone: its number and the key shown then."""

    number = forms.CharField(label=_("Case number"), max_length=64)
    key = forms.CharField(
        label=_("Key of the request"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=_("The key shown when you sent the request, such as K7QX-M2PD-9FHT."),
    )


class AddInformationForm(forms.Form):
    note = forms.CharField(
        label=_("What you want to add"),
        required=False,
        max_length=MAX_CONTENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = PhotosField(label=_("Photos (up to 6)"))
