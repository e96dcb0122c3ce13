"""Offers and matching: a volunteer's standing offer, an elder's home point, invitations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.regions.models import Region
from minsheng.timebank import clock, matching
from minsheng.timebank.errors import IllegalMove
from minsheng.timebank.models import (
    HomePoint,
    Invitation,
    ServiceCategory,
    ServiceOrder,
    VolunteerOffer,
    VolunteerProfile,
)
from minsheng.timebank.models.offers import MAX_TRAVEL_METRES, cell_of

MINUTES_PER_DAY = 24 * 60


def _check_point(latitude: float | None, longitude: float | None) -> dict[str, str]:
    errors = {}
    if latitude is None or not -90 <= latitude <= 90:
        errors["latitude"] = _("Give a latitude between -90 and 90.")
    if longitude is None or not -180 <= longitude <= 180:
        errors["longitude"] = _("Give a longitude between -180 and 180.")
    return errors


def clean_availability(slots: Iterable[Any]) -> list[list[int]]:
    """Weekly slots as ``[weekday, start minute, end minute]``, checked and sorted."""
    cleaned = []
    for slot in slots:
        try:
            weekday, first, last = (int(v) for v in slot)
        except (TypeError, ValueError):
            raise ValidationError(
                {"availability": _("Each time slot needs a weekday, a start and an end.")}
            ) from None
        if not (0 <= weekday <= 6 and 0 <= first < last <= MINUTES_PER_DAY):
            raise ValidationError(
                {"availability": _("A time slot must end after it starts, within one day.")}
            )
        cleaned.append([weekday, first, last])
    return sorted(cleaned)


def save_offer(
    *,
    actor: Any,
    volunteer: Any,
    categories: Iterable[ServiceCategory],
    latitude: float | None,
    longitude: float | None,
    max_distance_m: int,
    areas: Iterable[Region] = (),
    availability: Iterable[Any] = (),
    note: str = "",
    active: bool = True,
) -> VolunteerOffer:
    """Post or change a volunteer's standing offer (by the volunteer or their station)."""
    profile = VolunteerProfile.objects.filter(person=volunteer).select_related("station").first()
    if profile is None:
        raise IllegalMove(_("Only a registered volunteer can post an offer."))
    access.require(actor, "timebank.post_offer", profile)
    categories, areas = list(categories), list(areas)
    errors = _check_point(latitude, longitude)
    if not categories:
        errors["categories"] = _("Choose at least one kind of help.")
    if not 100 <= max_distance_m <= MAX_TRAVEL_METRES:
        errors["max_distance_m"] = _(
            "The distance must be between %(low)s and %(high)s metres."
        ) % {
            "low": 100,
            "high": MAX_TRAVEL_METRES,
        }
    if any(area.level < Region.Level.SUBDISTRICT for area in areas):
        errors["areas"] = _("Areas are sub-districts or communities.")
    if errors:
        raise ValidationError(errors)
    slots = clean_availability(availability)
    assert latitude is not None and longitude is not None
    with transaction.atomic():
        offer = VolunteerOffer.objects.select_for_update().filter(volunteer=volunteer).first()
        before = _offer_facts(offer) if offer else {}
        offer = offer or VolunteerOffer(volunteer=volunteer)
        offer.place_at(latitude, longitude)
        offer.reach(max_distance_m)
        offer.availability = slots
        offer.note = note.strip()[:300]
        offer.active = active
        offer.updated_at = clock.now()
        offer.category_ids = sorted(category.pk for category in categories)
        offer.save()
        offer.categories.set(categories)
        offer.areas.set(areas)
        record(
            action="timebank.post_offer",
            target=offer,
            actor=actor,
            before=before,
            after=_offer_facts(offer),
        )
    return offer


def _offer_facts(offer: VolunteerOffer) -> dict[str, Any]:
    return {
        "categories": sorted(offer.categories.values_list("code", flat=True)),
        "areas": sorted(offer.areas.values_list("code", flat=True)),
        "cell": [offer.cell_row, offer.cell_col],
        "max_distance_m": offer.max_distance_m,
        "availability": offer.availability,
        "active": offer.active,
    }


def place_home(
    *,
    actor: Any,
    person: Any,
    latitude: float | None,
    longitude: float | None,
    source: str = HomePoint.Source.STATION,
) -> HomePoint:
    """Geocode a person's home once: the point matching measures distances from."""
    access.require(actor, "timebank.place_home", person)
    errors = _check_point(latitude, longitude)
    if errors:
        raise ValidationError(errors)
    assert latitude is not None and longitude is not None
    with transaction.atomic():
        point = HomePoint.objects.select_for_update().filter(person=person).first()
        before = {"cell": [point.cell_row, point.cell_col]} if point else {}
        point = point or HomePoint(person=person)
        point.place_at(latitude, longitude)
        point.source, point.set_by, point.set_at = source, actor, clock.now()
        point.save()
        # Only the cell goes to the audit log: a home's exact position is personal data.
        record(
            action="timebank.place_home",
            target=point,
            actor=actor,
            before=before,
            after={"cell": list(cell_of(latitude, longitude)), "source": source},
        )
    return point


def invite_volunteer(*, actor: Any, order: ServiceOrder, volunteer: Any) -> Invitation:
    """Ask one matched volunteer to take an open request (the station, or the elder's side)."""
    access.require(actor, "timebank.invite_volunteer", order)
    with transaction.atomic():
        order = ServiceOrder.objects.select_for_update(of=("self",)).get(pk=order.pk)
        if not matching.still_open(order) or order.starts_at <= clock.now():
            raise IllegalMove(_("Only an open request without a volunteer can be offered."))
        match = next(iter(matching.matches(order, limit=1, only=volunteer.pk)), None)
        if match is None:
            raise IllegalMove(
                _("This volunteer does not offer this help here, or is not free at that time.")
            )
        if match.invited:
            raise IllegalMove(_("This volunteer has already been asked for this request."))
        invitation = Invitation.objects.create(
            order=order,
            volunteer=volunteer,
            invited_by=actor,
            at=clock.now(),
            distance_m=match.distance_m,
        )
        record(
            action="timebank.invite_volunteer",
            target=invitation,
            actor=actor,
            after={"order": order.reference, "volunteer": volunteer.pk},
        )
    return invitation
