"""Group activities: many volunteers, each paid from the district's grant budget."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from minsheng.timebank import ledger
from minsheng.timebank.actions import activities, funding
from minsheng.timebank.errors import IllegalMove, NotEligible
from minsheng.timebank.ledger import check

pytestmark = pytest.mark.django_db


def make_activity(tb, capacity=3):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=2)
    return activities.create_activity(
        actor=tb.cast.station_operator,
        station=tb.station,
        item=tb.item("group-exercise"),
        title="重阳节健身操",
        place="劲松街道文化中心",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        capacity=capacity,
    )


def test_volunteers_are_paid_from_the_district_budget_for_confirmed_attendance(tb):
    activity = make_activity(tb)
    others = [tb.volunteer("甲"), tb.volunteer("乙")]
    attendances = [activities.join_activity(actor=tb.cast.volunteer, activity=activity)]
    attendances += [activities.join_activity(actor=v, activity=activity) for v in others]
    for attendance in attendances:
        activities.confirm_attendance(
            actor=tb.cast.station_operator, attendance=attendance, minutes=120
        )
    assert ledger.person_account(tb.cast.volunteer).balance == 120
    assert ledger.issuance_account(tb.chaoyang).balance == -360
    assert check.run() == []


def test_an_activity_takes_only_as_many_volunteers_as_it_needs(tb):
    activity = make_activity(tb, capacity=1)
    activities.join_activity(actor=tb.cast.volunteer, activity=activity)
    with pytest.raises(IllegalMove, match="all the volunteers"):
        activities.join_activity(actor=tb.volunteer("丙"), activity=activity)


def test_attendance_is_paid_once(tb):
    activity = make_activity(tb)
    attendance = activities.join_activity(actor=tb.cast.volunteer, activity=activity)
    activities.confirm_attendance(actor=tb.cast.station_operator, attendance=attendance, minutes=60)
    with pytest.raises(IllegalMove):
        activities.confirm_attendance(
            actor=tb.cast.station_operator, attendance=attendance, minutes=60
        )


def test_an_exhausted_budget_stops_payments(tb):
    funding.set_budget(
        actor=tb.cast.city_admin, region=tb.chaoyang, year=timezone.localdate().year, minutes=50
    )
    activity = make_activity(tb)
    attendance = activities.join_activity(actor=tb.cast.volunteer, activity=activity)
    with pytest.raises(NotEligible, match="budget"), transaction.atomic():
        activities.confirm_attendance(
            actor=tb.cast.station_operator, attendance=attendance, minutes=60
        )
