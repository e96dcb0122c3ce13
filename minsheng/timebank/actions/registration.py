"""Registration at stations: volunteers and their training, elders and their care needs,
and the Time Bank's stations themselves (requested and approved by the district)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.people import actions as people_actions
from minsheng.people import relations
from minsheng.people.models import Organisation, Relationship
from minsheng.people.roles import Role
from minsheng.timebank import clock, eligibility, ledger, policies
from minsheng.timebank.actions.common import locked
from minsheng.timebank.errors import IllegalMove, NotEligible
from minsheng.timebank.models import (
    CareNeed,
    ElderProfile,
    ServiceCategory,
    Station,
    TrainingRecord,
    VolunteerProfile,
)

# The training record holds up to 9999.9 hours; no single training lasts more than 100.
MAX_TRAINING_HOURS = Decimal(100)


def _require_known_age(person: Any) -> int:
    years = eligibility.age(person, clock.today())
    if years is None:
        raise NotEligible(_("Register the person's resident ID number first: ages come from it."))
    return years


def _ensure_role(actor: Any, person: Any, role: str, station: Station) -> None:
    """Give the person the role at the station's sub-district, unless they hold it already."""
    if not person.role_assignments.filter(role=role).exists():
        people_actions.grant_role(actor=actor, user=person, role=role, region=station.region)


def register_volunteer(
    *,
    actor: Any,
    person: Any,
    station: Station,
    guardian: Any = None,
    skills: Iterable[ServiceCategory] = (),
) -> VolunteerProfile:
    """Register a resident as a volunteer (aged 18+, or younger with a verified guardian)."""
    access.require(actor, "timebank.register_volunteer", person)
    access.require(actor, "timebank.register_volunteer", station)
    years = _require_known_age(person)
    policy = policies.current()
    if years < policy.volunteer_min_age:
        if guardian is None:
            raise NotEligible(
                _("Under %(age)s: name the guardian who volunteers with this person.")
                % {"age": policy.volunteer_min_age}
            )
        if relations.verified_relation(person, guardian) != Relationship.Kind.GUARDIAN:
            raise NotEligible(_("Record and verify the guardian relation first."))
    if station.status != Station.Status.APPROVED:
        raise NotEligible(_("The station is not approved for the Time Bank yet."))
    with transaction.atomic():
        profile, created = VolunteerProfile.objects.get_or_create(
            person=person,
            defaults={
                "station": station,
                "guardian": guardian,
                "registered_by": actor,
                "registered_at": clock.now(),
            },
        )
        if not created:
            raise IllegalMove(_("This person is already registered as a volunteer."))
        profile.skills.set(list(skills))
        _ensure_role(actor, person, Role.VOLUNTEER, station)
        ledger.person_account(person)
        record(
            action="timebank.register_volunteer",
            target=profile,
            actor=actor,
            after={
                "person": person.pk,
                "station": station.pk,
                "guardian": guardian.pk if guardian else None,
            },
        )
    return profile


def record_training(
    *,
    actor: Any,
    volunteer: VolunteerProfile,
    title: str,
    completed_on: dt.date,
    hours: Decimal | float = 2,
) -> TrainingRecord:
    """An operator records a completed training; the volunteer becomes active."""
    access.require(actor, "timebank.record_training", volunteer)
    if not title.strip():
        raise ValidationError({"title": _("Name the training.")})
    if completed_on > clock.today():
        raise ValidationError({"completed_on": _("A training cannot be completed in the future.")})
    if not 0 < Decimal(str(hours)) <= MAX_TRAINING_HOURS:
        raise ValidationError(
            {
                "hours": _("A training lasts more than 0 and at most %(limit)s hours.")
                % {"limit": MAX_TRAINING_HOURS}
            }
        )
    with transaction.atomic():
        volunteer = locked(volunteer)
        training = TrainingRecord.objects.create(
            volunteer=volunteer,
            title=title.strip(),
            completed_on=completed_on,
            hours=Decimal(str(hours)),
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        if volunteer.status == VolunteerProfile.Status.REGISTERED:
            volunteer.status = VolunteerProfile.Status.ACTIVE
            volunteer.save(update_fields=["status"])
        record(
            action="timebank.record_training",
            target=training,
            actor=actor,
            after={
                "volunteer": volunteer.person_id,
                "title": training.title,
                "completed_on": completed_on,
            },
        )
    return training


def set_volunteer_status(
    *, actor: Any, volunteer: VolunteerProfile, status: str, reason: str
) -> VolunteerProfile:
    access.require(actor, "timebank.register_volunteer", volunteer)
    if status not in VolunteerProfile.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    with transaction.atomic():
        volunteer = locked(volunteer)
        before = volunteer.status
        volunteer.status = status
        volunteer.save(update_fields=["status"])
        record(
            action="timebank.set_volunteer_status",
            target=volunteer,
            actor=actor,
            before={"status": before},
            after={"status": status},
            note=reason.strip(),
        )
    return volunteer


def register_elder(
    *,
    actor: Any,
    person: Any,
    station: Station,
    lives_alone: bool = False,
    disabled: bool = False,
    low_income: bool = False,
    uses_smartphone: bool = False,
) -> ElderProfile:
    """Register an older person at a station (aged 60+ by the ID number)."""
    access.require(actor, "timebank.register_elder", person)
    access.require(actor, "timebank.register_elder", station)
    years = _require_known_age(person)
    policy = policies.current()
    if years < policy.elder_min_age:
        raise NotEligible(
            _("Elders are registered from the age of %(age)s.") % {"age": policy.elder_min_age}
        )
    if station.status != Station.Status.APPROVED:
        raise NotEligible(_("The station is not approved for the Time Bank yet."))
    with transaction.atomic():
        profile, created = ElderProfile.objects.get_or_create(
            person=person,
            defaults={
                "station": station,
                "lives_alone": lives_alone,
                "disabled": disabled,
                "low_income": low_income,
                "uses_smartphone": uses_smartphone,
                "registered_by": actor,
                "registered_at": clock.now(),
            },
        )
        if not created:
            raise IllegalMove(_("This person is already registered as an elder."))
        _ensure_role(actor, person, Role.ELDER, station)
        ledger.person_account(person)
        record(
            action="timebank.register_elder",
            target=profile,
            actor=actor,
            after={
                "person": person.pk,
                "station": station.pk,
                "lives_alone": lives_alone,
                "disabled": disabled,
                "low_income": low_income,
            },
        )
    return profile


def update_elder(*, actor: Any, elder: ElderProfile, **changes: bool) -> ElderProfile:
    access.require(actor, "timebank.register_elder", elder)
    allowed = {"lives_alone", "disabled", "low_income", "uses_smartphone"}
    with transaction.atomic():
        elder = locked(elder)
        before = {key: getattr(elder, key) for key in allowed}
        for key, value in changes.items():
            if key in allowed:
                setattr(elder, key, bool(value))
        elder.save(update_fields=sorted(allowed))
        record(
            action="timebank.update_elder",
            target=elder,
            actor=actor,
            before=before,
            after={key: getattr(elder, key) for key in allowed},
        )
    return elder


def register_care_need(
    *, actor: Any, person: Any, categories: Iterable[ServiceCategory], description: str
) -> CareNeed:
    """A station records what help a person needs (required to redeem stored coins)."""
    access.require(actor, "timebank.register_care_need", person)
    categories = list(categories)
    if not description.strip():
        raise ValidationError({"description": _("Describe the care need.")})
    if not categories:
        raise ValidationError({"categories": _("Choose at least one kind of help.")})
    with transaction.atomic():
        need = CareNeed.objects.create(
            person=person,
            description=description.strip(),
            registered_by=actor,
            registered_at=clock.now(),
        )
        need.categories.set(categories)
        record(
            action="timebank.register_care_need",
            target=need,
            actor=actor,
            after={"person": person.pk, "categories": [c.code for c in categories]},
        )
    return need


def end_care_need(*, actor: Any, need: CareNeed, reason: str) -> CareNeed:
    access.require(actor, "timebank.register_care_need", need.person)
    with transaction.atomic():
        need = locked(need)
        if need.ended_at is not None:
            raise IllegalMove(_("This care need has already ended."))
        need.ended_at = clock.now()
        need.save(update_fields=["ended_at"])
        record(action="timebank.end_care_need", target=need, actor=actor, note=reason.strip())
    return need


def request_station(
    *,
    actor: Any,
    organisation: Organisation,
    address: str = "",
    opening_hours: str = "",
    phone: str = "",
) -> Station:
    """A district (or the city) proposes an organisation at a sub-district as a station."""
    region = organisation.region
    access.require(actor, "timebank.request_station", region)
    if region.level != region.Level.SUBDISTRICT:
        raise ValidationError(
            {"organisation": _("A station belongs to a sub-district or township.")}
        )
    with transaction.atomic():
        station, created = Station.objects.get_or_create(
            organisation=organisation,
            defaults={
                "region": region,
                "address": address.strip(),
                "opening_hours": opening_hours.strip(),
                "phone": phone.strip()[:20],
                "requested_at": clock.now(),
            },
        )
        if created:
            record(
                action="timebank.request_station",
                target=station,
                actor=actor,
                after={"organisation": organisation.code},
            )
    return station


def decide_station(*, actor: Any, station: Station, approve: bool, note: str = "") -> Station:
    """The district approves (or suspends) a station for the Time Bank."""
    access.require(actor, "timebank.approve_station", station)
    with transaction.atomic():
        station = locked(station)
        before = station.status
        station.status = Station.Status.APPROVED if approve else Station.Status.SUSPENDED
        station.decided_by = actor
        station.decided_at = clock.now()
        station.save(update_fields=["status", "decided_by", "decided_at"])
        record(
            action="timebank.decide_station",
            target=station,
            actor=actor,
            before={"status": before},
            after={"status": station.status},
            note=note.strip(),
        )
    return station
