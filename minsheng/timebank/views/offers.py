"""Offers and matching: a volunteer's offer, requests ranked for a volunteer, the matches of a
request with invitations, browsing offers, an elder's home point, the unmet-need board."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.access.policy import region_paths
from minsheng.core.http import AuthenticatedRequest
from minsheng.people.models import User
from minsheng.regions.models import Region
from minsheng.timebank import matching, unmet
from minsheng.timebank.actions import offers as offer_actions
from minsheng.timebank.models import (
    ElderProfile,
    HomePoint,
    ServiceOrder,
    VolunteerOffer,
    VolunteerProfile,
)
from minsheng.timebank.offer_forms import HomePointForm, OfferForm, slots_from
from minsheng.timebank.views.common import (
    attempt,
    form_page,
    perform_posted,
    scoped,
    signed_in_user,
)


def _number(value: str | None) -> int:
    """A posted id, or 0 (which finds nothing: a 404) when it is not a number."""
    return int(value) if value and value.isdigit() and len(value) < 12 else 0


def _district_of(region: Region | None) -> Region | None:
    if region is None:
        return None
    codes = region.ancestor_codes
    return Region.objects.filter(code=codes[1]).first() if len(codes) > 1 else None


@login_required
def my_offer(request: AuthenticatedRequest) -> HttpResponse:
    """A volunteer posts or changes their standing offer."""
    me = signed_in_user(request)
    profile = VolunteerProfile.objects.filter(person=me).first()
    if profile is None:  # the station registers volunteers first
        return render(request, "timebank/offer_form.html", {"form": None})
    access.require(me, "timebank.post_offer", profile)
    offer = VolunteerOffer.objects.filter(volunteer=me).first()
    form = OfferForm(
        request.POST or None,
        initial=OfferForm.initial_of(offer),
        district=_district_of(me.home_region),
    )
    if perform_posted(
        request,
        form,
        lambda data: offer_actions.save_offer(
            actor=me,
            volunteer=me,
            categories=data["categories"],
            areas=data["areas"],
            availability=slots_from(data["slots"]),
            max_distance_m=data["max_distance_m"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            note=data["note"],
            active=data["active"],
        ),
        success=_("Your offer is saved. Requests that fit it will be shown to you."),
    ):
        return redirect("timebank:requests_for_me")
    return render(request, "timebank/offer_form.html", {"form": form, "offer": offer})


@login_required
def requests_for_me(request: AuthenticatedRequest) -> HttpResponse:
    """Open requests ranked for this volunteer by their offer, with the distance."""
    access.require(request.user, "timebank.browse_open_orders")
    me = signed_in_user(request)
    has_offer = VolunteerOffer.objects.filter(volunteer=me, active=True).exists()
    ranked = matching.open_requests_for(me) if has_offer else []
    return render(
        request, "timebank/requests_for_me.html", {"ranked": ranked, "has_offer": has_offer}
    )


@login_required
def matches(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The volunteers who could take a request, best first; the station asks them from here."""
    order = scoped(
        request,
        "timebank.view_matches",
        ServiceOrder.objects.select_related("item", "region", "beneficiary", "station"),
        pk,
    )
    found = matching.matches(order) if matching.still_open(order) else []
    return render(
        request,
        "timebank/matches.html",
        {
            "order": order,
            "matches": found,
            "has_point": HomePoint.objects.filter(person_id=order.beneficiary_id).exists(),
            "may_invite": access.can(request.user, "timebank.invite_volunteer", order),
            "is_open": matching.still_open(order),
        },
    )


@login_required
@require_POST
def invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    order = scoped(request, "timebank.invite_volunteer", ServiceOrder.objects.all(), pk)
    volunteer = get_object_or_404(User, pk=_number(request.POST.get("volunteer")))
    attempt(
        request,
        lambda: offer_actions.invite_volunteer(
            actor=request.user, order=order, volunteer=volunteer
        ),
        success=_("The volunteer is asked. They will see the request with its distance."),
    )
    if access.can(request.user, "timebank.view_matches", order):
        return redirect("timebank:matches", pk=order.pk)
    return redirect("timebank:offers")


@login_required
@require_POST
def ask(request: AuthenticatedRequest) -> HttpResponse:
    """The elder's side asks a volunteer from the offers page for one of their open requests."""
    order = scoped(
        request,
        "timebank.invite_volunteer",
        ServiceOrder.objects.all(),
        _number(request.POST.get("order")),
    )
    return invite(request, order.pk)


@login_required
def offers(request: AuthenticatedRequest) -> HttpResponse:
    """Volunteers' offers near the reader; an elder or family member asks one directly."""
    access.require(request.user, "timebank.browse_offers")
    me = signed_in_user(request)
    found = VolunteerOffer.objects.filter(active=True).select_related("volunteer")
    own_requests = access.scope(
        me, "timebank.invite_volunteer", ServiceOrder.objects.open_for_booking()
    ).filter(volunteer__isnull=True)
    staff_paths = region_paths(me, "timebank.view_matches")
    if staff_paths:
        area = Q()
        for path in staff_paths:
            area |= Q(volunteer__home_region__path__startswith=path)
        found = found.filter(area)
    elif staff_paths == []:  # the elder's side: offers for the places of their open requests
        regions = own_requests.values_list("region__parent_id", flat=True)
        found = found.filter(
            Q(areas__in=regions) | Q(volunteer__home_region__parent_id__in=regions)
        )
    found = found.prefetch_related("categories", "areas").distinct().order_by("-updated_at")[:100]
    return render(
        request,
        "timebank/offers.html",
        {"offers": found, "own_requests": own_requests.select_related("item")[:20]},
    )


@login_required
def home_point(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The station places an elder's home as a point once (matching measures from it)."""
    profile = scoped(
        request, "timebank.view_elder", ElderProfile.objects.select_related("person"), pk
    )
    access.require(request.user, "timebank.place_home", profile.person)
    point = HomePoint.objects.filter(person=profile.person).first()
    initial = {"latitude": point.latitude, "longitude": point.longitude} if point else {}
    return form_page(
        request,
        HomePointForm(request.POST or None, initial=initial),
        lambda data: offer_actions.place_home(actor=request.user, person=profile.person, **data),
        success=_("The home point is saved."),
        done=lambda _point: redirect("timebank:elder", pk=profile.pk),
        title=_("Home point of %(name)s") % {"name": profile.person.name},
        submit=_("Save"),
        explanation=_(
            "Place the home once, from the address on a map: distances to volunteers are "
            "measured from this point. Only staff see it."
        ),
    )


@login_required
def unmet_needs(request: AuthenticatedRequest) -> HttpResponse:
    """Per district: requests that expired unbooked, and where volunteers are missing."""
    access.require(request.user, "timebank.view_unmet_needs")
    paths = region_paths(request.user, "timebank.view_unmet_needs")
    districts = Region.objects.districts()
    if paths is None:  # the city: any district, chosen
        area = districts.filter(code=request.GET.get("district", "")).first()
    else:
        area = Region.objects.filter(path__in=paths).order_by("path").first()
    board = unmet.board(area) if area is not None else None
    return render(
        request,
        "timebank/unmet_needs.html",
        {"districts": districts if paths is None else [], "area": area, "board": board},
    )
