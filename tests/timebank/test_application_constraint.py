"""One open volunteer application per person, held by the database itself (these tests
commit)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from minsheng.timebank.actions import applications
from minsheng.timebank.errors import IllegalMove
from minsheng.timebank.models import VolunteerApplication

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_database_refuses_a_second_open_application(tb):
    person = tb.person("申请人")
    applications.apply_as_volunteer(actor=person, station=tb.station, availability="周末")
    with (
        pytest.raises(IntegrityError, match="volunteer_application_one_open"),
        transaction.atomic(),
    ):
        VolunteerApplication.objects.create(
            applicant=person, station=tb.other_station, availability="周一"
        )


def test_a_decline_without_a_reason_is_refused_by_the_database(tb):
    person = tb.person("申请人")
    application = applications.apply_as_volunteer(
        actor=person, station=tb.station, availability="周末"
    )
    with (
        pytest.raises(IntegrityError, match="volunteer_application_decline_reason"),
        transaction.atomic(),
    ):
        VolunteerApplication.objects.filter(pk=application.pk).update(
            status="declined",
            decided_by=tb.cast.station_operator,
            decided_at=application.applied_at,
        )


def test_the_second_application_is_refused_by_the_constraint_with_a_clear_message(tb):
    person = tb.person("申请人")
    applications.apply_as_volunteer(actor=person, station=tb.station, availability="周末")
    # No check before the insert: the unique index alone refuses, so two requests at once
    # cannot both get through.
    with pytest.raises(IllegalMove, match="waiting already"):
        applications.apply_as_volunteer(actor=person, station=tb.station, availability="周二")
    assert VolunteerApplication.objects.filter(applicant=person).count() == 1
