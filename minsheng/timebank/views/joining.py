"""The public "how to join" page (``/join/``): who may volunteer, what an elder may receive,
and the service stations of a district or sub-district, each with its address, hours and a
button that calls it."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from minsheng.regions.models import Region
from minsheng.timebank import policies
from minsheng.timebank.models import Station

MAX_STATIONS = 200


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{'— ' * (obj.level - 2)}{obj.display_name}"


class FinderForm(forms.Form):
    place = PlaceChoiceField(
        queryset=Region.objects.places(),
        label=_("Your district or sub-district"),
        required=False,
    )


def join(request: HttpRequest) -> HttpResponse:
    form = FinderForm(request.GET or None)
    place = form.cleaned_data["place"] if form.is_valid() else None
    stations = (
        Station.objects.approved()
        .filter(region__path__startswith=place.path)
        .select_related("organisation", "region")
        .order_by("region__path", "organisation__name")[:MAX_STATIONS]
        if place is not None
        else []
    )
    context = {"form": form, "place": place, "stations": stations, "policy": policies.current()}
    return render(request, "timebank/join.html", context)
