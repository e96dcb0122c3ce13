"""Volunteer applications: a resident with an account applies at a station from ``/join/``;
the station's staff approve (which registers the volunteer by the usual registration) or
decline with a reason. The applicant hears of the decision through the notifications."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.people.models import User
from minsheng.timebank import clock, policies
from minsheng.timebank.actions.common import locked
from minsheng.timebank.actions.registration import _require_known_age, register_volunteer
from minsheng.timebank.errors import IllegalMove, NotEligible
from minsheng.timebank.models import (
    ServiceCategory,
    Station,
    VolunteerApplication,
    VolunteerProfile,
)
from minsheng.timebank.models.applications import MAX_AVAILABILITY

OPEN_CONSTRAINT = "volunteer_application_one_open"


def apply_as_volunteer(
    *,
    actor: Any,
    station: Station,
    availability: str,
    skills: Iterable[ServiceCategory] = (),
    id_number: str = "",
) -> VolunteerApplication:
    """The signed-in resident applies for themselves. Residents without an ID number on file
    give it here: the station's registration takes the age from it."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotEligible(_("Log in with your own account to apply."))
    availability = availability.strip()
    if not availability:
        raise ValidationError({"availability": _("Say when you can help, in your own words.")})
    if len(availability) > MAX_AVAILABILITY:
        raise ValidationError(
            {"availability": _("At most %(limit)s characters.") % {"limit": MAX_AVAILABILITY}}
        )
    if station.status != Station.Status.APPROVED:
        raise NotEligible(_("This station does not take volunteers yet. Choose another one."))
    if VolunteerProfile.objects.filter(person=actor).exists():
        raise IllegalMove(_("You are already registered as a volunteer."))
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=actor.pk)
        id_added = _add_id_number(person, id_number)
        _require_adult(person)
        try:
            with transaction.atomic():
                application = VolunteerApplication.objects.create(
                    applicant=person,
                    station=station,
                    availability=availability,
                    applied_at=clock.now(),
                )
        except IntegrityError as error:
            if OPEN_CONSTRAINT in str(error):
                raise IllegalMove(
                    _("You have an application waiting already. The station answers it first.")
                ) from error
            raise
        application.skills.set(list(skills))
        record(
            action="timebank.apply_volunteer",
            target=application,
            actor=person,
            after={
                "station": station.pk,
                "skills": sorted(skill.pk for skill in application.skills.all()),
                "id_number_added": id_added,
            },
        )
    return application


def _add_id_number(person: User, raw: str) -> bool:
    """Record the applicant's own ID number if none is on file (validated, encrypted)."""
    if person.id_number_hash:
        return False
    if not raw.strip():
        raise ValidationError(
            {"id_number": _("Give your ID number: the station checks your age from it.")}
        )
    try:
        person.set_id_number(raw)
    except ValidationError as error:
        raise ValidationError({"id_number": error.messages}) from error
    try:
        with transaction.atomic():
            person.save(
                update_fields=[
                    "id_number",
                    "id_number_hash",
                    "id_number_masked",
                    "birth_date",
                    "sex",
                ]
            )
    except IntegrityError as error:
        raise ValidationError(
            {"id_number": _("A person with this ID number is already registered.")}
        ) from error
    return True


def _require_adult(person: User) -> None:
    """Online applications are for adults; younger people come to the station with a guardian
    (the registration rules name the guardian there)."""
    minimum = policies.current().volunteer_min_age
    if _require_known_age(person) < minimum:
        raise NotEligible(
            _(
                "Under %(age)s, please come to the station with your guardian: "
                "they register you together."
            )
            % {"age": minimum}
        )


def approve_application(*, actor: Any, application: VolunteerApplication) -> VolunteerApplication:
    """Registers the volunteer by the station's registration (which checks age and station
    again) and closes the application; either both happen or neither."""
    access.require(actor, "timebank.review_volunteer_application", application)
    with transaction.atomic():
        application = _locked_pending(application)
        profile = register_volunteer(
            actor=actor,
            person=application.applicant,
            station=application.station,
            skills=application.skills.all(),
        )
        return _decide(actor, application, VolunteerApplication.Status.APPROVED, volunteer=profile)


def decline_application(
    *, actor: Any, application: VolunteerApplication, reason: str
) -> VolunteerApplication:
    access.require(actor, "timebank.review_volunteer_application", application)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the applicant knows what to do.")})
    with transaction.atomic():
        application = _locked_pending(application)
        return _decide(actor, application, VolunteerApplication.Status.DECLINED, reason=reason)


def _locked_pending(application: VolunteerApplication) -> VolunteerApplication:
    application = locked(application)
    if application.status != VolunteerApplication.Status.PENDING:
        raise IllegalMove(_("This application is decided already."))
    return application


def _decide(
    actor: Any, application: VolunteerApplication, status: str, **fields: Any
) -> VolunteerApplication:
    """Store the decision and audit it (inside the caller's transaction)."""
    for name, value in {**fields, "status": status}.items():
        setattr(application, name, value)
    application.decided_by = actor
    application.decided_at = clock.now()
    application.save(update_fields=[*fields, "status", "decided_by", "decided_at"])
    verb = "approve" if status == VolunteerApplication.Status.APPROVED else "decline"
    record(
        action=f"timebank.{verb}_volunteer_application",
        target=application,
        actor=actor,
        before={"status": VolunteerApplication.Status.PENDING},
        after={"status": status, "volunteer": application.volunteer_id},
        note=application.reason,
    )
    return application
