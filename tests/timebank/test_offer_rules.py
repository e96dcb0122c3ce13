"""What the database itself keeps about points and offers (these tests commit)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from minsheng.timebank.actions import offers
from minsheng.timebank.models import HomePoint, ServiceCategory, VolunteerOffer

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_cell_that_does_not_hold_its_point_is_refused(tb):
    offers.place_home(
        actor=tb.cast.station_operator, person=tb.cast.elder, latitude=39.8866, longitude=116.4617
    )
    with pytest.raises(IntegrityError, match="home_cell_matches_point"), transaction.atomic():
        HomePoint.objects.filter(person=tb.cast.elder).update(latitude=40.5)


def test_an_offer_beyond_the_longest_distance_is_refused(tb):
    offer = offers.save_offer(
        actor=tb.cast.volunteer,
        volunteer=tb.cast.volunteer,
        categories=[ServiceCategory.objects.get(code="assistance")],
        latitude=39.8866,
        longitude=116.4617,
        max_distance_m=1000,
    )
    with pytest.raises(IntegrityError, match="offer_distance_bounded"), transaction.atomic():
        VolunteerOffer.objects.filter(pk=offer.pk).update(max_distance_m=500_000)


def test_a_volunteer_is_asked_once_per_request(tb):
    from minsheng.timebank.models import Invitation

    order = tb.approved(tb.cast.elder)
    Invitation.objects.create(order=order, volunteer=tb.cast.volunteer, invited_by=tb.cast.elder)
    with pytest.raises(IntegrityError, match="invitation_once_per_order"), transaction.atomic():
        Invitation.objects.create(
            order=order, volunteer=tb.cast.volunteer, invited_by=tb.cast.station_operator
        )
