"""Group activities: volunteers sign up; the operator confirms each attendance, which the
organising district's issuance account pays within its grant budget."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.regions.models import Region
from minsheng.timebank import clock, eligibility, ledger, policies
from minsheng.timebank.actions.common import locked
from minsheng.timebank.actions.funding import charge_budget
from minsheng.timebank.actions.settlement import record_milestones
from minsheng.timebank.errors import IllegalMove, NotEligible
from minsheng.timebank.models import (
    Attendance,
    GroupActivity,
    ServiceItem,
    Station,
    Transaction,
)


def create_activity(
    *,
    actor: Any,
    station: Station,
    item: ServiceItem,
    title: str,
    place: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
) -> GroupActivity:
    access.require(actor, "timebank.manage_activity", station.region)
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the activity a title.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The activity must end after it starts.")
    if capacity <= 0:
        errors["capacity"] = _("At least one volunteer is needed.")
    if errors:
        raise ValidationError(errors)
    district = station.region.ancestor_at(Region.Level.DISTRICT)
    if district is None:
        raise ValidationError(_("The station's region belongs to no district."))
    with transaction.atomic():
        activity = GroupActivity.objects.create(
            title=title.strip(),
            district=district,
            station=station,
            item=item,
            place=place.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            created_by=actor,
            created_at=clock.now(),
        )
        record(
            action="timebank.create_activity",
            target=activity,
            actor=actor,
            after={"title": activity.title, "starts_at": starts_at, "capacity": capacity},
        )
    return activity


def join_activity(*, actor: Any, activity: GroupActivity, volunteer: Any = None) -> Attendance:
    """A volunteer signs up (or the operator adds them)."""
    volunteer = volunteer or actor
    if volunteer.pk == actor.pk:
        access.require(actor, "timebank.join_activity")
    else:
        access.require(actor, "timebank.manage_activity", activity)
    problems = eligibility.volunteer_problems(volunteer, policies.current())
    if problems:
        raise NotEligible(" ".join(problems))
    with transaction.atomic():
        activity = locked(activity)
        if activity.state != GroupActivity.State.OPEN:
            raise IllegalMove(_("Sign-up for this activity is closed."))
        if activity.attendances.count() >= activity.capacity:
            raise IllegalMove(_("The activity has all the volunteers it needs."))
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(
                    activity=activity, volunteer=volunteer, signed_up_at=clock.now()
                )
        except IntegrityError as error:
            raise IllegalMove(_("Already signed up for this activity.")) from error
        record(
            action="timebank.join_activity",
            target=attendance,
            actor=actor,
            after={"volunteer": volunteer.pk},
        )
    return attendance


def confirm_attendance(*, actor: Any, attendance: Attendance, minutes: int) -> Attendance:
    """The operator confirms the minutes; the district's issuance account pays them."""
    access.require(actor, "timebank.manage_activity", attendance)
    if attendance.volunteer_id == actor.pk:
        raise PermissionDenied(_("Nobody confirms their own attendance."))
    if not isinstance(minutes, int) or not 0 < minutes <= 24 * 60:
        raise ValidationError({"minutes": _("Enter the minutes attended, from 1 to 1440.")})
    policy = policies.current()
    if policy.per_service_max_minutes:
        minutes = min(minutes, policy.per_service_max_minutes)
    with transaction.atomic():
        attendance = locked(attendance)
        if attendance.confirmed_at is not None:
            raise IllegalMove(_("This attendance is already confirmed and paid."))
        activity = attendance.activity
        issuer = charge_budget(activity.district, minutes)
        earner = ledger.person_account(attendance.volunteer)
        earned_before = ledger.lock([issuer, earner])[earner.pk].earned
        attendance.minutes = minutes
        attendance.confirmed_by = actor
        attendance.confirmed_at = clock.now()
        attendance.save(update_fields=["minutes", "confirmed_by", "confirmed_at"])
        ledger.post(
            [
                ledger.Movement(
                    kind=Transaction.Kind.ACTIVITY_PAYMENT,
                    key=f"attendance:{attendance.pk}",
                    debit=issuer,
                    credit=earner,
                    minutes=minutes,
                    memo=activity.title,
                    region_id=activity.station.region_id,
                    attendance_id=attendance.pk,
                )
            ],
            authorised_by=actor,
            at=clock.now(),
        )
        record_milestones(attendance.volunteer, earned_before + minutes, policy)
        record(
            action="timebank.confirm_attendance",
            target=attendance,
            actor=actor,
            after={"volunteer": attendance.volunteer_id, "minutes": minutes},
        )
    return attendance


def close_activity(*, actor: Any, activity: GroupActivity) -> GroupActivity:
    access.require(actor, "timebank.manage_activity", activity)
    with transaction.atomic():
        activity = locked(activity)
        if activity.state == GroupActivity.State.CLOSED:
            raise IllegalMove(_("The activity is already closed."))
        activity.state = GroupActivity.State.CLOSED
        activity.save(update_fields=["state"])
        record(action="timebank.close_activity", target=activity, actor=actor)
    return activity
