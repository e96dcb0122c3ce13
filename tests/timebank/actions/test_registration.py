"""Registration at stations: ages from the ID number, guardians, training, care needs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from minsheng.people.models import Organisation, Relationship
from minsheng.timebank import eligibility, policies
from minsheng.timebank.actions import administration, registration
from minsheng.timebank.errors import IllegalMove, NotEligible
from minsheng.timebank.models import ServiceCategory, Station, VolunteerProfile

pytestmark = pytest.mark.django_db


def test_adults_register_as_volunteers_and_become_active_after_training(tb):
    person = tb.person("新志愿者", age=25)
    profile = registration.register_volunteer(
        actor=tb.cast.station_operator,
        person=person,
        station=tb.station,
        skills=ServiceCategory.objects.filter(code="outing"),
    )
    assert profile.status == VolunteerProfile.Status.REGISTERED
    assert "volunteer" in set(person.role_assignments.values_list("role", flat=True))
    assert eligibility.volunteer_problems(person, policies.current()) == [
        "No training is recorded yet."
    ]
    registration.record_training(
        actor=tb.cast.station_operator,
        volunteer=profile,
        title="陪同就医培训",
        completed_on=timezone.localdate(),
    )
    profile.refresh_from_db()
    assert profile.status == VolunteerProfile.Status.ACTIVE
    assert eligibility.volunteer_problems(person, policies.current()) == []


def test_under_eighteens_volunteer_only_with_a_verified_guardian(tb):
    teen = tb.person("中学生", age=16)
    mother = tb.person("母亲", age=45)
    with pytest.raises(NotEligible, match="guardian"):
        registration.register_volunteer(
            actor=tb.cast.station_operator, person=teen, station=tb.station
        )
    relation = Relationship.objects.create(person=teen, relative=mother, kind="guardian")
    with pytest.raises(NotEligible, match="verify"):
        registration.register_volunteer(
            actor=tb.cast.station_operator, person=teen, station=tb.station, guardian=mother
        )
    relation.verified_by, relation.verified_at = tb.cast.station_operator, timezone.now()
    relation.save()
    profile = registration.register_volunteer(
        actor=tb.cast.station_operator, person=teen, station=tb.station, guardian=mother
    )
    assert profile.guardian == mother


def test_the_minimum_age_is_a_policy(tb):
    administration.change_policy(actor=tb.cast.city_admin, key="volunteer_min_age", value=16)
    teen = tb.person("中学生", age=16)
    registration.register_volunteer(actor=tb.cast.station_operator, person=teen, station=tb.station)


def test_a_person_without_an_id_number_cannot_be_registered(tb):
    person = tb.person("无证")
    person.birth_date = None
    with pytest.raises(NotEligible, match="ID number"):
        registration.register_volunteer(
            actor=tb.cast.station_operator, person=person, station=tb.station
        )


def test_registering_twice_is_refused(tb):
    with pytest.raises(IllegalMove):
        registration.register_volunteer(
            actor=tb.cast.station_operator, person=tb.cast.volunteer, station=tb.station
        )


def test_training_cannot_be_in_the_future(tb):
    profile = tb.cast.volunteer.volunteer_profile
    with pytest.raises(ValidationError):
        registration.record_training(
            actor=tb.cast.station_operator,
            volunteer=profile,
            title="x",
            completed_on=timezone.localdate() + dt.timedelta(days=1),
        )


def test_elders_are_registered_from_sixty(tb):
    young = tb.person("年轻", age=59)
    with pytest.raises(NotEligible, match="60"):
        registration.register_elder(
            actor=tb.cast.station_operator, person=young, station=tb.station
        )
    old = tb.person("老人", age=60)
    profile = registration.register_elder(
        actor=tb.cast.station_operator, person=old, station=tb.station, lives_alone=True
    )
    assert profile.lives_alone


def test_a_station_registers_only_people_of_its_sub_district(tb):
    elsewhere = tb.person("海淀人", age=70, region="110108011001")
    with pytest.raises(PermissionDenied):
        registration.register_elder(
            actor=tb.cast.station_operator, person=elsewhere, station=tb.station
        )


def test_care_needs_name_kinds_of_help_and_can_end(tb):
    person = tb.elder("需求", age=70)
    need = person.care_needs.get()
    assert eligibility.has_care_need(person)
    registration.end_care_need(actor=tb.cast.station_operator, need=need, reason="已入住养老院")
    assert not eligibility.has_care_need(person)
    with pytest.raises(ValidationError):
        registration.register_care_need(
            actor=tb.cast.station_operator, person=person, categories=[], description="x"
        )


def test_the_district_approves_new_stations(tb):
    from minsheng.regions.models import Region

    region = Region.objects.get(code="110105026")
    organisation = Organisation.objects.create(
        code="ST-110105026",
        name="望京驿站",
        name_en="Wangjing Station",
        kind=Organisation.Kind.SERVICE_STATION,
        region=region,
    )
    station = registration.request_station(actor=tb.cast.chaoyang_admin, organisation=organisation)
    assert station.status == Station.Status.PENDING
    with pytest.raises(PermissionDenied):
        registration.decide_station(actor=tb.cast.station_operator, station=station, approve=True)
    station = registration.decide_station(
        actor=tb.cast.chaoyang_admin, station=station, approve=True
    )
    assert station.status == Station.Status.APPROVED
