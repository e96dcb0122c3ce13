"""Volunteer applications from /join/: the resident applies, the station approves (which
registers the volunteer) or declines with a reason; each step audited, scoped by the policy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from minsheng.audit.models import AuditEntry
from minsheng.core.identity import make_resident_id
from minsheng.people.models import User
from minsheng.timebank.actions import applications
from minsheng.timebank.errors import IllegalMove, NotEligible
from minsheng.timebank.models import ServiceCategory, VolunteerApplication, VolunteerProfile


def resident_without_id(number: int = 1) -> User:
    user = User(username=f"1390000000{number}", name=f"居民{number}")
    user.set_password("pw-for-tests")
    user.save()
    return user


def id_number_for(age: int, serial: int = 7) -> str:
    today = timezone.localdate()
    return make_resident_id("110105", dt.date(today.year - age, 1, 1), serial, "M")


def test_a_resident_applies_from_the_join_page_giving_their_id_number(client, tb):
    resident = resident_without_id()
    client.force_login(resident)
    page = client.get(reverse("volunteer_apply"), {"station": tb.station.pk})
    assert page.status_code == 200 and 'name="id_number"' in page.content.decode()
    skill = ServiceCategory.objects.first()
    answer = client.post(
        reverse("volunteer_apply"),
        {
            "station": tb.station.pk,
            "skills": [skill.pk],
            "availability": "周末上午",
            "id_number": id_number_for(35),
        },
    )
    assert answer.status_code == 302
    application = VolunteerApplication.objects.get(applicant=resident)
    assert application.status == "pending" and list(application.skills.all()) == [skill]
    resident.refresh_from_db()
    assert resident.id_number_hash and resident.age_on(timezone.localdate()) == 35
    entry = AuditEntry.objects.get(action="timebank.apply_volunteer")
    assert entry.actor == resident and id_number_for(35) not in str(entry.after)
    again = client.get(reverse("volunteer_apply")).content.decode()
    assert "周末上午" not in again and application.get_status_display() in again


def test_a_bad_id_number_is_refused_on_the_form_and_nothing_is_stored(client, tb):
    resident = resident_without_id()
    client.force_login(resident)
    page = client.post(
        reverse("volunteer_apply"),
        {"station": tb.station.pk, "availability": "周末", "id_number": "110105199001011234"},
    )
    assert page.status_code == 200 and 'class="error' in page.content.decode()
    assert not VolunteerApplication.objects.exists()
    resident.refresh_from_db()
    assert not resident.id_number_hash


def test_under_age_and_already_registered_people_are_refused_with_a_reason(tb):
    young = tb.person("少年", age=16)
    with pytest.raises(NotEligible, match="guardian"):
        applications.apply_as_volunteer(actor=young, station=tb.station, availability="周末")
    with pytest.raises(IllegalMove, match="already registered"):
        applications.apply_as_volunteer(
            actor=tb.cast.volunteer, station=tb.station, availability="周末"
        )
    assert not VolunteerApplication.objects.exists()


def test_a_second_open_application_is_refused_until_the_first_is_decided(tb):
    person = tb.person("申请人")
    first = applications.apply_as_volunteer(actor=person, station=tb.station, availability="周一")
    with pytest.raises(IllegalMove, match="waiting already"):
        applications.apply_as_volunteer(actor=person, station=tb.other_station, availability="周二")
    applications.decline_application(
        actor=tb.cast.station_operator, application=first, reason="请先到驿站面谈"
    )
    second = applications.apply_as_volunteer(actor=person, station=tb.station, availability="周二")
    assert second.status == "pending"


def test_the_station_approves_and_the_volunteer_is_registered_with_the_skills(client, tb):
    person = tb.person("申请人")
    skill = ServiceCategory.objects.first()
    application = applications.apply_as_volunteer(
        actor=person, station=tb.station, availability="周末", skills=[skill]
    )
    client.force_login(tb.cast.station_operator)
    listing = client.get(reverse("timebank:applications")).content.decode()
    assert person.name in listing
    detail = client.get(reverse("timebank:application", args=[application.pk])).content.decode()
    assert person.id_number_masked in detail and person.id_number not in detail
    answer = client.post(reverse("timebank:application_approve", args=[application.pk]))
    profile = VolunteerProfile.objects.get(person=person)
    assert answer.status_code == 302 and answer.url == reverse(
        "timebank:volunteer", args=[profile.pk]
    )
    application.refresh_from_db()
    assert application.status == "approved" and application.volunteer == profile
    assert application.decided_by == tb.cast.station_operator
    assert list(profile.skills.all()) == [skill] and profile.station == tb.station
    assert person.role_assignments.filter(role="volunteer").exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"timebank.approve_volunteer_application", "timebank.register_volunteer"} <= actions
    with translation.override("en"), pytest.raises(IllegalMove, match="decided already"):
        applications.approve_application(actor=tb.cast.station_operator, application=application)


def test_approval_is_all_or_nothing_when_the_registration_refuses(tb):
    person = tb.person("申请人")
    application = applications.apply_as_volunteer(
        actor=person, station=tb.station, availability="周末"
    )
    VolunteerProfile.objects.create(person=person, station=tb.other_station)  # registered meanwhile
    with pytest.raises(IllegalMove, match="already registered"):
        applications.approve_application(actor=tb.cast.station_operator, application=application)
    application.refresh_from_db()
    assert application.status == "pending" and application.decided_at is None


def test_declining_needs_a_reason_which_the_applicant_then_sees(client, tb):
    person = tb.person("申请人")
    application = applications.apply_as_volunteer(
        actor=person, station=tb.station, availability="周末"
    )
    client.force_login(tb.cast.station_operator)
    client.post(reverse("timebank:application_decline", args=[application.pk]), {"reason": ""})
    application.refresh_from_db()
    assert application.status == "pending"
    with pytest.raises(ValidationError):
        applications.decline_application(
            actor=tb.cast.station_operator, application=application, reason="  "
        )
    client.post(
        reverse("timebank:application_decline", args=[application.pk]),
        {"reason": "本驿站名额已满，请联系邻近驿站"},
    )
    application.refresh_from_db()
    assert application.status == "declined"
    entry = AuditEntry.objects.get(action="timebank.decline_volunteer_application")
    assert entry.note == "本驿站名额已满，请联系邻近驿站"
    client.force_login(person)
    assert "本驿站名额已满" in client.get(reverse("volunteer_apply")).content.decode()


def test_staff_of_another_station_and_residents_cannot_review(client, tb):
    person = tb.person("申请人")
    application = applications.apply_as_volunteer(
        actor=person, station=tb.other_station, availability="周末"
    )
    client.force_login(tb.cast.station_operator)
    assert person.name not in client.get(reverse("timebank:applications")).content.decode()
    url = reverse("timebank:application_approve", args=[application.pk])
    assert client.post(url).status_code == 404
    with pytest.raises(PermissionDenied):
        applications.approve_application(actor=tb.cast.station_operator, application=application)
    client.force_login(person)
    assert client.get(reverse("timebank:applications")).status_code == 403
    client.logout()
    assert client.get(reverse("volunteer_apply")).status_code == 302
    application.refresh_from_db()
    assert application.status == "pending"


def test_each_station_on_the_join_page_leads_to_the_application_with_it_chosen(client, tb):
    district = tb.chaoyang
    html = client.get(reverse("join"), {"place": district.pk}).content.decode()
    assert f'href="{reverse("volunteer_apply")}?station={tb.station.pk}"' in html
    client.force_login(tb.person("申请人"))
    form = client.get(reverse("volunteer_apply"), {"station": tb.station.pk}).content.decode()
    assert f'<option value="{tb.station.pk}" selected>' in form
    assert 'name="id_number"' not in form  # the ID number is on file already
