"""What the Time Bank tells people, and when (registered with the notifications app).

Moves of the standard procedure are followed through their audit entries (the handlers run in
the background after the move commits); reminders, the daily digest of new requests and the
warning before automatic confirmation are periodic.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng.jobs.schedule import every
from minsheng.notifications.models import Channel
from minsheng.notifications.registry import Kind, Occurrence, add_proxy_finder, follow
from minsheng.notifications.registry import register_kind as add
from minsheng.notifications.rendering import bilingual
from minsheng.notifications.sending import notify
from minsheng.people.models import RoleAssignment, User
from minsheng.people.roles import Role
from minsheng.timebank import clock, matching, policies
from minsheng.timebank.models import (
    Dispute,
    ElderProfile,
    Grant,
    Milestone,
    OrderState,
    ServiceOrder,
    Station,
    Transfer,
    VolunteerApplication,
    VolunteerProfile,
)

SMS_AND_ALL = (Channel.SMS, Channel.EMAIL, Channel.PUSH, Channel.WECHAT)
NO_SMS = (Channel.EMAIL, Channel.PUSH, Channel.WECHAT)
# A request starting sooner than this is told to nearby volunteers at once, not in the digest.
URGENT_WITHIN = dt.timedelta(hours=24)
# How many of the best-matched volunteers hear of a new request.
MATCHES_TOLD = 10

add(
    Kind(
        "timebank.request_nearby",
        _("A request near you needs a volunteer soon"),
        _("%(elder)s needs help soon: %(service)s on %(starts_at)s"),
        _("A request near you starts soon and has no volunteer yet. Open it to book it."),
        channels=NO_SMS,
        wechat_fields={"thing1": "service", "time2": "starts_at"},
    ),
    Kind(
        "timebank.requests_digest",
        _("New requests near you (daily)"),
        _("%(count)s new requests near you"),
        _("%(items)s"),
        channels=(Channel.EMAIL, Channel.PUSH),
    ),
    Kind(
        "timebank.booked",
        _("A volunteer booked a request"),
        _("%(volunteer)s will come for %(service)s on %(starts_at)s"),
        _("Request %(reference)s is booked. The volunteer will sign in when they arrive."),
        channels=SMS_AND_ALL,
        wechat_fields={"thing1": "service", "time2": "starts_at", "name3": "volunteer"},
    ),
    Kind(
        "timebank.reminder_day",
        _("Reminder the day before a service"),
        _("Tomorrow: %(service)s at %(starts_at)s"),
        _("Request %(reference)s, %(address)s."),
        channels=SMS_AND_ALL,
    ),
    Kind(
        "timebank.reminder_hour",
        _("Reminder an hour before a service"),
        _("In an hour: %(service)s at %(starts_at)s"),
        _("Request %(reference)s, %(address)s."),
        channels=(Channel.SMS, Channel.PUSH, Channel.WECHAT),
    ),
    Kind(
        "timebank.signed_in",
        _("The volunteer arrived"),
        _("%(volunteer)s signed in for %(service)s"),
        channels=(Channel.SMS, Channel.PUSH, Channel.WECHAT),
    ),
    Kind(
        "timebank.signed_out",
        _("The service ended: please confirm"),
        _("%(volunteer)s signed out after %(minutes)s minutes: please confirm"),
        _(
            "Confirm and rate the service of request %(reference)s. Without an answer it is "
            "confirmed automatically after %(days)s days."
        ),
        channels=SMS_AND_ALL,
    ),
    Kind(
        "timebank.auto_confirm_soon",
        _("Automatic confirmation coming"),
        _("Request %(reference)s will be confirmed automatically on %(confirm_at)s"),
        _("If the time signed is wrong, dispute it before then."),
        channels=SMS_AND_ALL,
    ),
    Kind(
        "timebank.settled",
        _("Service paid"),
        _("You earned %(minutes)s minutes for %(service)s"),
        _("Request %(reference)s is confirmed and paid to your account."),
        channels=NO_SMS,
    ),
    Kind(
        "timebank.milestone",
        _("A new milestone"),
        _("Congratulations: %(milestone)s"),
        _("You have given %(hours)s hours of service."),
        channels=SMS_AND_ALL,
    ),
    Kind(
        "timebank.dispute_opened",
        _("A service's duration is disputed"),
        _("The duration of request %(reference)s is disputed"),
        _("The station will decide. Reason given: %(reason)s"),
        channels=NO_SMS,
    ),
    Kind(
        "timebank.dispute_decided",
        _("A dispute was decided"),
        _("The station decided %(minutes)s minutes for request %(reference)s"),
        _("%(decision)s"),
        channels=SMS_AND_ALL,
    ),
    Kind(
        "timebank.gift_received",
        _("Coins received as a gift"),
        _("%(giver)s gave you %(minutes)s minutes"),
        channels=SMS_AND_ALL,
    ),
    Kind(
        "timebank.donation_received",
        _("Donation received"),
        _("Thank you: your %(minutes)s minutes went to the public pool"),
        channels=NO_SMS,
    ),
    Kind(
        "timebank.allocation_received",
        _("Coins from the public pool"),
        _("You received %(minutes)s minutes from the public pool"),
        channels=SMS_AND_ALL,
    ),
    Kind(
        "timebank.grant_received",
        _("A grant was approved"),
        _("A grant of %(minutes)s minutes was approved for you"),
        channels=SMS_AND_ALL,
    ),
    Kind(
        "timebank.cancelled",
        _("A request was cancelled"),
        _("Request %(reference)s (%(service)s on %(starts_at)s) was cancelled"),
        _("%(reason)s"),
        channels=SMS_AND_ALL,
    ),
    Kind(
        "timebank.no_show",
        _("A volunteer did not come"),
        _("The volunteer did not come for request %(reference)s"),
        _("The coins on hold went back to the payer's account."),
        channels=NO_SMS,
    ),
)

# Volunteer applications made from /join/.
add(
    Kind(
        "timebank.application_received",
        _("A resident applied to volunteer at the station"),
        _("%(applicant)s applied to volunteer"),
        _("Check the ID card and decide in the station's applications."),
        channels=NO_SMS,
    ),
    Kind(
        "timebank.application_approved",
        _("Your volunteer application was approved"),
        _("You are registered as a volunteer at %(station)s"),
        _("The station will tell you about the training; after it you can book requests."),
        channels=SMS_AND_ALL,
    ),
    Kind(
        "timebank.application_declined",
        _("Your volunteer application was declined"),
        _("%(station)s declined your volunteer application"),
        _("The reason: %(reason)s"),
        channels=SMS_AND_ALL,
    ),
)


# --- Who ------------------------------------------------------------------------------------


def station_staff(station: Station | None) -> list[User]:
    if station is None:
        return []
    holders = RoleAssignment.objects.filter(
        role=Role.STATION_OPERATOR, organisation_id=station.organisation_id
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=holders, is_active=True))


@add_proxy_finder
def elder_station(person: Any) -> list[User]:
    """An elder without a phone or log-in is told through their station's staff."""
    profile = ElderProfile.objects.filter(person=person).select_related("station").first()
    if profile is not None:
        return station_staff(profile.station)
    if person.home_region_id is None:
        return []
    return station_staff(Station.objects.serving(person.home_region).first())


def recipient_side(order: ServiceOrder) -> list[User]:
    people = [order.beneficiary]
    if order.payer_id != order.beneficiary_id:
        people.append(order.payer)
    return people


# --- What ------------------------------------------------------------------------------------


def facts(order: ServiceOrder) -> dict[str, Any]:
    return {
        "reference": order.reference,
        "service": bilingual(order.item),
        "starts_at": order.starts_at.isoformat(),
        "elder": order.beneficiary.name,
        "volunteer": order.volunteer.name if order.volunteer_id and order.volunteer else "",
        "address": order.address or order.region.name,
    }


def tell(
    kind: str,
    order: ServiceOrder,
    recipients: list[Any],
    happened: Occurrence | None,
    *,
    key: str,
    urgent: bool = False,
    link: str = "",
    **extra: Any,
) -> None:
    notify(
        kind=kind,
        recipients=recipients,
        payload={**facts(order), **extra},
        link=link or reverse("timebank:order", args=[order.pk]),
        urgent=urgent,
        key=key,
        actor=happened.actor if happened else None,
        region_path=order.region.path,
        at=happened.at if happened else clock.now(),
    )


def _order(happened: Occurrence) -> ServiceOrder | None:
    target = happened.target
    if not isinstance(target, ServiceOrder):
        return None
    return ServiceOrder.objects.select_related(
        "beneficiary", "payer", "volunteer", "item", "region", "station"
    ).get(pk=target.pk)


@follow("timebank.approve_order", clock=clock.now)
def approved(happened: Occurrence) -> None:
    order = _order(happened)
    if order is None or order.starts_at - happened.at > URGENT_WITHIN:
        return  # told in the daily digest
    tell(
        "timebank.request_nearby",
        order,
        nearby_volunteers(order),
        happened,
        key=f"timebank.request_nearby:{order.pk}",
        urgent=True,
        link=reverse("timebank:open_request", args=[order.pk]),
    )


def nearby_volunteers(order: ServiceOrder) -> list[User]:
    """Active volunteers of the order's station, or living in its sub-district, who can help
    with its category."""
    subdistrict = order.station.region.path
    ids = VolunteerProfile.objects.filter(
        Q(station_id=order.station_id) | Q(person__home_region__path__startswith=subdistrict),
        status=VolunteerProfile.Status.ACTIVE,
        skills=order.category_id,
    ).values_list("person_id", flat=True)
    # And the volunteers whose offers match the request best (``timebank.matching``).
    matched = [m.volunteer_id for m in matching.matches(order, limit=MATCHES_TOLD)]
    return list(
        User.objects.filter(Q(pk__in=ids) | Q(pk__in=matched), is_active=True).exclude(
            pk__in=[order.beneficiary_id, order.payer_id]
        )
    )


@follow("timebank.booked_order", clock=clock.now)
@follow("timebank.assigned_order", clock=clock.now)
def booked(happened: Occurrence) -> None:
    order = _order(happened)
    if order is None or order.volunteer_id is None:
        return
    recipients: list[Any] = [*recipient_side(order), *station_staff(order.station)]
    if happened.action == "timebank.assigned_order":
        recipients.append(order.volunteer)
    tell("timebank.booked", order, recipients, happened, key=f"timebank.booked:{happened.entry_id}")


@follow("timebank.sign_in", clock=clock.now)
def signed_in(happened: Occurrence) -> None:
    order = _order(happened)
    if order is not None:
        tell(
            "timebank.signed_in",
            order,
            recipient_side(order),
            happened,
            key=f"timebank.signed_in:{order.pk}",
        )


@follow("timebank.sign_out", clock=clock.now)
def signed_out(happened: Occurrence) -> None:
    order = _order(happened)
    if order is not None:
        tell(
            "timebank.signed_out",
            order,
            recipient_side(order),
            happened,
            key=f"timebank.signed_out:{order.pk}",
            minutes=order.signed_minutes or 0,
            days=policies.current().auto_confirm_days,
        )


@follow("timebank.confirm_order", clock=clock.now)
@follow("timebank.auto_confirm", clock=clock.now)
@follow("timebank.decide_dispute", clock=clock.now)
def settled(happened: Occurrence) -> None:
    order = _order(happened)
    if order is None or order.state != OrderState.SETTLED or order.volunteer is None:
        return
    tell(
        "timebank.settled",
        order,
        [order.volunteer],
        happened,
        key=f"timebank.settled:{order.pk}",
        minutes=order.credited_minutes or 0,
    )
    if happened.action == "timebank.decide_dispute":
        dispute = Dispute.objects.get(order=order)
        tell(
            "timebank.dispute_decided",
            order,
            [*recipient_side(order), order.volunteer],
            happened,
            key=f"timebank.dispute_decided:{order.pk}",
            minutes=dispute.decided_minutes or 0,
            decision=dispute.decision,
        )
    recent = Milestone.objects.filter(
        person_id=order.volunteer_id, reached_at__gte=happened.at - dt.timedelta(minutes=5)
    )
    for milestone in recent:
        notify(
            kind="timebank.milestone",
            recipients=[order.volunteer],
            payload={
                "milestone": bilingual(Milestone.Kind(milestone.kind).label),
                "hours": milestone.earned_minutes // 60,
            },
            link=reverse("timebank:my_services"),
            key=f"timebank.milestone:{milestone.pk}",
            region_path=order.region.path,
            at=happened.at,
        )


@follow("timebank.dispute_order", clock=clock.now)
def disputed(happened: Occurrence) -> None:
    order = _order(happened)
    if order is None:
        return
    parties = [*recipient_side(order), *([order.volunteer] if order.volunteer else [])]
    tell(
        "timebank.dispute_opened",
        order,
        [*parties, *station_staff(order.station)],
        happened,
        key=f"timebank.dispute_opened:{order.pk}",
        reason=happened.note,
    )


@follow("timebank.cancel", clock=clock.now)
@follow("timebank.no_show", clock=clock.now)
def closed_early(happened: Occurrence) -> None:
    order = _order(happened)
    if order is None:
        return
    volunteer_id = order.volunteer_id
    volunteer = [order.volunteer] if volunteer_id and order.volunteer else []
    if happened.action == "timebank.cancel":
        recipients = [*recipient_side(order), *volunteer, *station_staff(order.station)]
        kind = "timebank.cancelled"
    else:
        recipients = [*recipient_side(order), *volunteer, *station_staff(order.station)]
        kind = "timebank.no_show"
    tell(kind, order, recipients, happened, key=f"{kind}:{order.pk}", reason=happened.note)


@follow("timebank.gift", clock=clock.now)
@follow("timebank.donation", clock=clock.now)
@follow("timebank.allocation", clock=clock.now)
def transferred(happened: Occurrence) -> None:
    transfer = happened.target
    if not isinstance(transfer, Transfer):
        return
    kind, person = {
        Transfer.Kind.GIFT: ("timebank.gift_received", transfer.receiver),
        Transfer.Kind.DONATION: ("timebank.donation_received", transfer.giver),
        Transfer.Kind.ALLOCATION: ("timebank.allocation_received", transfer.receiver),
    }[Transfer.Kind(transfer.kind)]
    if person is None:
        return
    notify(
        kind=kind,
        recipients=[person],
        payload={
            "minutes": transfer.minutes,
            "giver": transfer.giver.name if transfer.giver else "",
        },
        link=reverse("timebank:my_account"),
        key=f"{kind}:{transfer.pk}",
        region_path=transfer.region.path if transfer.region_id and transfer.region else "",
        at=happened.at,
    )


@follow("timebank.approve_grant", clock=clock.now)
def grant_approved(happened: Occurrence) -> None:
    grant = happened.target
    if not isinstance(grant, Grant):
        return
    notify(
        kind="timebank.grant_received",
        recipients=[grant.recipient],
        payload={"minutes": grant.minutes},
        link=reverse("timebank:my_account"),
        key=f"timebank.grant_received:{grant.pk}",
        actor=happened.actor,
        region_path=grant.recipient.audit_region_path,
        at=happened.at,
    )


def _application(happened: Occurrence) -> VolunteerApplication | None:
    target = happened.target
    if not isinstance(target, VolunteerApplication):
        return None
    return VolunteerApplication.objects.select_related(
        "applicant", "station__organisation", "station__region"
    ).get(pk=target.pk)


@follow("timebank.apply_volunteer", clock=clock.now)
def application_received(happened: Occurrence) -> None:
    application = _application(happened)
    if application is None:
        return
    notify(
        kind="timebank.application_received",
        recipients=station_staff(application.station),
        payload={"applicant": application.applicant.name},
        link=reverse("timebank:application", args=[application.pk]),
        key=f"timebank.application_received:{application.pk}",
        actor=happened.actor,
        region_path=application.station.region.path,
        at=happened.at,
    )


@follow("timebank.approve_volunteer_application", clock=clock.now)
@follow("timebank.decline_volunteer_application", clock=clock.now)
def application_decided(happened: Occurrence) -> None:
    application = _application(happened)
    if application is None:
        return
    approved = application.status == VolunteerApplication.Status.APPROVED
    kind = "timebank.application_approved" if approved else "timebank.application_declined"
    notify(
        kind=kind,
        recipients=[application.applicant],
        payload={
            "station": bilingual(application.station.organisation),
            "reason": application.reason,
        },
        link=reverse("volunteer_apply"),
        key=f"{kind}:{application.pk}",
        actor=happened.actor,
        region_path=application.station.region.path,
        at=happened.at,
    )


# --- Periodic --------------------------------------------------------------------------------


@every(name="timebank.notify_reminders", minutes=10)
def remind() -> None:
    """The day-before and hour-before reminders, and the warning before automatic
    confirmation (each told once: its key names the booking)."""
    send_reminders(now=clock.now())


def send_reminders(*, now: dt.datetime) -> int:
    told = 0
    booked = ServiceOrder.objects.filter(
        state=OrderState.BOOKED, starts_at__gt=now, starts_at__lte=now + dt.timedelta(days=1)
    ).select_related("beneficiary", "payer", "volunteer", "item", "region", "station")
    for order in booked:
        people = [*recipient_side(order), order.volunteer]
        booking = f"{order.pk}:{order.booked_at:%Y%m%d%H%M}" if order.booked_at else str(order.pk)
        if order.starts_at - now <= dt.timedelta(hours=1):
            tell(
                "timebank.reminder_hour",
                order,
                people,
                None,
                key=f"timebank.reminder_hour:{booking}",
            )
            told += 1
        elif order.booked_at is None or order.starts_at - order.booked_at > dt.timedelta(days=1):
            tell(
                "timebank.reminder_day", order, people, None, key=f"timebank.reminder_day:{booking}"
            )
            told += 1
    return told + warn_auto_confirm(now=now)


def warn_auto_confirm(*, now: dt.datetime) -> int:
    days = policies.current().auto_confirm_days
    soon = now - dt.timedelta(days=days) + dt.timedelta(days=1)
    waiting = ServiceOrder.objects.filter(
        state=OrderState.SIGNED_OUT, signed_out_at__lte=soon
    ).select_related("beneficiary", "payer", "volunteer", "item", "region", "station")
    for order in waiting:
        assert order.signed_out_at is not None
        tell(
            "timebank.auto_confirm_soon",
            order,
            recipient_side(order),
            None,
            key=f"timebank.auto_confirm_soon:{order.pk}",
            confirm_at=(order.signed_out_at + dt.timedelta(days=days)).isoformat(),
        )
    return len(waiting)


@every(name="timebank.notify_requests_digest", hours=24)
def requests_digest() -> None:
    send_requests_digest(now=clock.now())


def send_requests_digest(*, now: dt.datetime) -> int:
    """Once a day, each volunteer hears of the new open requests near them (one message)."""
    fresh = ServiceOrder.objects.filter(
        state=OrderState.APPROVED,
        starts_at__gt=now,
        events__kind="approved",
        events__at__gt=now - dt.timedelta(days=1),
    ).select_related("beneficiary", "payer", "item", "region", "station")
    found: dict[int, tuple[User, list[ServiceOrder]]] = {}
    for order in fresh.distinct():
        for volunteer in nearby_volunteers(order):
            found.setdefault(volunteer.pk, (volunteer, []))[1].append(order)
    day = f"{now:%Y-%m-%d}"
    for volunteer, orders in found.values():
        items = {
            language: "\n".join(
                f"• {o.reference} {o.item.name_en if language == 'en' else o.item.name} "
                f"{timezone.localtime(o.starts_at):%m-%d %H:%M}"
                for o in orders[:10]
            )
            for language in ("zh-hans", "en")
        }
        notify(
            kind="timebank.requests_digest",
            recipients=[volunteer],
            payload={"count": len(orders), "items": items},
            link=reverse("timebank:open_requests"),
            key=f"timebank.requests_digest:{volunteer.pk}:{day}",
            region_path=orders[0].region.path,
            at=now,
        )
    return len(found)


# Offers and matching register their own kinds (after the helpers above, which they use).
from minsheng.timebank import offer_notifications  # noqa: E402, F401
