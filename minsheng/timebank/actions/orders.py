"""The standard procedure up to sign-out: post, review, book or assign, sign in and out,
withdraw, cancel and no-show. Settlement is in ``settlement.py``."""

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
from minsheng.timebank.actions.common import acting_for, add_event, locked_order
from minsheng.timebank.credit import signed_minutes
from minsheng.timebank.errors import IllegalMove, NotEligible
from minsheng.timebank.ledger.accounts import accounts_of
from minsheng.timebank.models import (
    COMMITTED_STATES,
    FINAL_STATES,
    Account,
    OrderEvent,
    OrderState,
    ServiceItem,
    ServiceOrder,
    Station,
    Transaction,
)
from minsheng.timebank.procedure import Move, ensure, target

MAX_ORDER_MINUTES = 24 * 60
# Sign-in and sign-out times given by staff (from a paper sheet) may not lie in the future.
CLOCK_SLACK = dt.timedelta(minutes=5)


def staff_for(actor: Any, order: ServiceOrder) -> bool:
    """Is ``actor`` station, district or city staff with this order in their area?"""
    return access.can(actor, "timebank.act_for_parties", order)


def post_order(
    *,
    actor: Any,
    beneficiary: Any,
    item: ServiceItem,
    starts_at: dt.datetime,
    duration_minutes: int,
    description: str = "",
    address: str = "",
    payer: Any = None,
    permission: str = "timebank.post_order",
) -> ServiceOrder:
    """Post a request for ``beneficiary`` (by them, a verified relative, or a station).

    ``permission`` names the access rule that lets ``actor`` post for this person: a module
    above the Time Bank that posts on its own grounds names its own rule in the one policy.
    """
    access.require(actor, permission, beneficiary)
    policy = policies.current()
    payer = payer or beneficiary
    _validate_request(item, starts_at, duration_minutes, beneficiary, policy)
    problems = eligibility.recipient_problems(beneficiary, policy)
    problems += [
        p for p in eligibility.payer_problems(payer, beneficiary, policy) if p not in problems
    ]
    if problems:
        raise NotEligible(" ".join(problems))
    station = Station.objects.serving(beneficiary.home_region).first()
    if station is None:
        raise NotEligible(_("No approved station serves this person's sub-district yet."))
    proxy = acting_for(actor, beneficiary)
    _refuse_duplicate(beneficiary, item, starts_at)
    with transaction.atomic():
        order = _create_order(
            beneficiary=beneficiary,
            payer=payer,
            posted_by=actor,
            station=station,
            region=beneficiary.home_region,
            item=item,
            category_id=item.category_id,
            description=description.strip(),
            address=address.strip(),
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=duration_minutes),
            duration_minutes=duration_minutes,
            created_at=clock.now(),
        )
        add_event(order, OrderEvent.Kind.POSTED, from_state="", actor=actor, on_behalf_of=proxy)
        record(
            action="timebank.post_order",
            target=order,
            actor=actor,
            on_behalf_of=proxy,
            after={
                "item": item.code,
                "starts_at": starts_at,
                "minutes": duration_minutes,
                "payer": payer.pk,
            },
        )
    return order


DUPLICATE_CONSTRAINT = "order_one_open_request_per_slot"


def duplicate_message() -> str:
    return _("This person already has an open request for this service at this time.")


def _refuse_duplicate(beneficiary: Any, item: ServiceItem, starts_at: dt.datetime) -> None:
    """The usual case of a request posted twice, with a clear message (the database constraint
    ``order_one_open_request_per_slot`` also refuses two posted at the same moment)."""
    open_twin = ServiceOrder.objects.filter(
        beneficiary=beneficiary, item=item, starts_at=starts_at
    ).exclude(state__in=FINAL_STATES)
    if open_twin.exists():
        raise ValidationError({"starts_at": duplicate_message()})


def _create_order(**fields: Any) -> ServiceOrder:
    try:
        with transaction.atomic():
            return ServiceOrder.objects.create(**fields)
    except IntegrityError as error:
        if DUPLICATE_CONSTRAINT in str(error):
            raise ValidationError({"starts_at": duplicate_message()}) from error
        raise


def _validate_request(
    item: ServiceItem,
    starts_at: dt.datetime,
    minutes: int,
    beneficiary: Any,
    policy: policies.Policy,
) -> None:
    errors: dict[str, str] = {}
    limit = policy.per_service_max_minutes or MAX_ORDER_MINUTES
    if not 0 < minutes <= limit:
        errors["duration_minutes"] = _("The duration must be between 1 and %(limit)s minutes.") % {
            "limit": limit
        }
    if starts_at <= clock.now():
        errors["starts_at"] = _("Choose a time in the future.")
    region = beneficiary.home_region
    if region is None or region.level < Region.Level.SUBDISTRICT:
        errors["beneficiary"] = _(
            "Record where the person lives (sub-district or community) first."
        )
    elif not ServiceItem.objects.available_in(region).filter(pk=item.pk).exists():
        errors["item"] = _("This service is not offered where the person lives.")
    if errors:
        raise ValidationError(errors)


def approve_order(*, actor: Any, order: ServiceOrder, note: str = "") -> ServiceOrder:
    access.require(actor, "timebank.review_order", order)
    return _simple_move(
        actor, order, Move.APPROVE, OrderEvent.Kind.APPROVED, note=note, review_note=note
    )


def reject_order(*, actor: Any, order: ServiceOrder, reason: str) -> ServiceOrder:
    access.require(actor, "timebank.review_order", order)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the request is rejected.")})
    return _simple_move(
        actor, order, Move.REJECT, OrderEvent.Kind.REJECTED, note=reason, review_note=reason
    )


def _simple_move(
    actor: Any, order: ServiceOrder, move: Move, kind: str, *, note: str, review_note: str
) -> ServiceOrder:
    with transaction.atomic():
        order = locked_order(order)
        ensure(order, move)
        before = order.state
        order.state = target(move)
        order.review_note = review_note.strip()[:300]
        if order.state in (OrderState.REJECTED,):
            order.closed_at = clock.now()
        order.save(update_fields=["state", "review_note", "closed_at"])
        add_event(order, kind, from_state=before, actor=actor, note=note.strip())
        record(
            action=f"timebank.{move.value}_order",
            target=order,
            actor=actor,
            before={"state": before},
            after={"state": order.state},
            note=note.strip(),
        )
    return order


def book_order(*, actor: Any, order: ServiceOrder) -> ServiceOrder:
    """A volunteer takes an open request; the payer's coins for it go on hold."""
    access.require(actor, "timebank.book_order")
    _require_volunteer(actor)
    return _take(actor=actor, order=order, volunteer=actor, kind=OrderEvent.Kind.BOOKED)


def assign_volunteer(*, actor: Any, order: ServiceOrder, volunteer: Any) -> ServiceOrder:
    """The station assigns a volunteer (for example after a phone call)."""
    access.require(actor, "timebank.assign_volunteer", order)
    _require_volunteer(volunteer)
    return _take(actor=actor, order=order, volunteer=volunteer, kind=OrderEvent.Kind.ASSIGNED)


def _require_volunteer(person: Any) -> None:
    problems = eligibility.volunteer_problems(person, policies.current())
    if problems:
        raise NotEligible(" ".join(problems))


def _take(*, actor: Any, order: ServiceOrder, volunteer: Any, kind: str) -> ServiceOrder:
    with transaction.atomic():
        order = locked_order(order)
        ensure(order, Move.BOOK)
        if volunteer.pk in (order.beneficiary_id, order.payer_id):
            raise NotEligible(_("A volunteer cannot serve a request they receive or pay for."))
        if order.starts_at <= clock.now():
            raise IllegalMove(_("The time of this request has passed; it can no longer be booked."))
        if _overlaps(order, volunteer):
            raise IllegalMove(_("The volunteer already has a booking at that time."))
        order.volunteer = volunteer
        order.state = OrderState.BOOKED
        order.held_minutes = order.duration_minutes
        order.booked_at = clock.now()
        try:
            # The exclusion constraint is the real guard against two overlapping bookings made
            # at the same moment; the query above only gives the usual case a clear message.
            with transaction.atomic():
                order.save(update_fields=["volunteer", "state", "held_minutes", "booked_at"])
        except IntegrityError as error:
            if "order_volunteer_no_overlap" in str(error):
                raise IllegalMove(_("The volunteer already has a booking at that time.")) from error
            raise
        _hold(order, actor)
        proxy = acting_for(actor, volunteer)
        add_event(
            order,
            kind,
            from_state=OrderState.APPROVED,
            actor=actor,
            on_behalf_of=proxy,
            data={"volunteer": volunteer.pk, "held": order.held_minutes},
        )
        record(
            action=f"timebank.{kind}_order",
            target=order,
            actor=actor,
            on_behalf_of=proxy,
            after={"volunteer": volunteer.pk, "held": order.held_minutes},
        )
    return order


def _overlaps(order: ServiceOrder, volunteer: Any) -> bool:
    return (
        ServiceOrder.objects.filter(
            volunteer=volunteer,
            state__in=COMMITTED_STATES,
            starts_at__lt=order.ends_at,
            ends_at__gt=order.starts_at,
        )
        .exclude(pk=order.pk)
        .exists()
    )


def _booking_number(order: ServiceOrder) -> int:
    return Transaction.objects.filter(order=order, kind=Transaction.Kind.HOLD).count()


def _hold(order: ServiceOrder, actor: Any) -> None:
    _move_held_minutes(order, actor, Transaction.Kind.HOLD, _booking_number(order) + 1)


def release_hold(order: ServiceOrder, actor: Any) -> None:
    """Give the held coins back to the payer (cancellation, no-show, withdrawal)."""
    if not order.held_minutes:
        return
    _move_held_minutes(order, actor, Transaction.Kind.RELEASE, _booking_number(order))
    order.held_minutes = 0


# Which of the payer's accounts each move takes the held minutes from, and where it puts them.
HOLD_MOVES = {
    Transaction.Kind.HOLD: (Account.Kind.PERSON, Account.Kind.HOLD),
    Transaction.Kind.RELEASE: (Account.Kind.HOLD, Account.Kind.PERSON),
}


def _move_held_minutes(
    order: ServiceOrder, actor: Any, kind: Transaction.Kind, booking: int
) -> None:
    """Post the order's held minutes onto hold or back, for its ``booking``-th booking."""
    source, target = HOLD_MOVES[kind]
    accounts = accounts_of([order.payer])
    ledger.post(
        [
            ledger.Movement(
                kind=kind,
                key=f"order:{order.pk}:{kind}:{booking}",
                debit=accounts[(order.payer_id, source)],
                credit=accounts[(order.payer_id, target)],
                minutes=order.held_minutes,
                region_id=order.region_id,
                order_id=order.pk,
            )
        ],
        authorised_by=actor,
        at=clock.now(),
    )


def withdraw_booking(*, actor: Any, order: ServiceOrder, reason: str = "") -> ServiceOrder:
    """The volunteer gives the request back before signing in; it is open again."""
    access.require(actor, "timebank.withdraw_booking", order)
    if actor.pk != order.volunteer_id and not staff_for(actor, order):
        raise PermissionDenied(_("Only the booked volunteer or the station can withdraw it."))
    with transaction.atomic():
        order = locked_order(order)
        ensure(order, Move.WITHDRAW)
        volunteer, volunteer_id = order.volunteer, order.volunteer_id
        release_hold(order, actor)
        order.volunteer = None
        order.state = OrderState.APPROVED
        order.booked_at = None
        order.save(update_fields=["volunteer", "state", "held_minutes", "booked_at"])
        proxy = acting_for(actor, volunteer)
        add_event(
            order,
            OrderEvent.Kind.UNBOOKED,
            from_state=OrderState.BOOKED,
            actor=actor,
            on_behalf_of=proxy,
            note=reason.strip(),
            data={"volunteer": volunteer_id},
        )
        record(
            action="timebank.withdraw_booking",
            target=order,
            actor=actor,
            on_behalf_of=proxy,
            before={"volunteer": volunteer_id},
            note=reason.strip(),
        )
    return order


def sign_in(
    *,
    actor: Any,
    order: ServiceOrder,
    at: dt.datetime | None = None,
    device_time: dt.datetime | None = None,
) -> ServiceOrder:
    return _sign(actor=actor, order=order, move=Move.SIGN_IN, at=at, device_time=device_time)


def sign_out(
    *,
    actor: Any,
    order: ServiceOrder,
    at: dt.datetime | None = None,
    device_time: dt.datetime | None = None,
) -> ServiceOrder:
    return _sign(actor=actor, order=order, move=Move.SIGN_OUT, at=at, device_time=device_time)


def _sign(
    *,
    actor: Any,
    order: ServiceOrder,
    move: Move,
    at: dt.datetime | None,
    device_time: dt.datetime | None = None,
) -> ServiceOrder:
    """``at`` is a time staff enter by hand; ``device_time`` the time a volunteer's phone
    recorded while offline, passed only by ``presence.actions`` after it checked the phone's
    signature and the accepted delay."""
    access.require(actor, "timebank.sign_order", order)
    is_staff = staff_for(actor, order)
    if actor.pk != order.volunteer_id and not is_staff:
        raise PermissionDenied(_("Only the booked volunteer or the station can sign."))
    if at is not None and not is_staff:
        raise PermissionDenied(_("Only station staff may enter sign times by hand."))
    moment = at or device_time or clock.now()
    if moment > clock.now() + CLOCK_SLACK:
        raise ValidationError({"at": _("A sign time cannot be in the future.")})
    with transaction.atomic():
        order = locked_order(order)
        ensure(order, move)
        before = order.state
        if move is Move.SIGN_IN:
            order.signed_in_at = moment
            kind = OrderEvent.Kind.SIGNED_IN
        else:
            signed_in_at = order.signed_in_at
            if signed_in_at is None or moment <= signed_in_at:
                raise ValidationError({"at": _("Sign-out must come after sign-in.")})
            order.signed_out_at = moment
            order.signed_minutes = signed_minutes(signed_in_at, moment)
            kind = OrderEvent.Kind.SIGNED_OUT
        order.state = target(move)
        order.save(update_fields=["state", "signed_in_at", "signed_out_at", "signed_minutes"])
        proxy = acting_for(actor, order.volunteer)
        add_event(
            order,
            kind,
            from_state=before,
            actor=actor,
            on_behalf_of=proxy,
            data={"at": moment.isoformat(), "minutes": order.signed_minutes},
        )
        record(
            action=f"timebank.{move.value}",
            target=order,
            actor=actor,
            on_behalf_of=proxy,
            after={"at": moment, "minutes": order.signed_minutes},
        )
    return order


def cancel_order(*, actor: Any, order: ServiceOrder, reason: str) -> ServiceOrder:
    """The recipient side (or the station) cancels before sign-in; any hold is released."""
    access.require(actor, "timebank.cancel_order", order)
    _require_recipient_side(actor, order)
    return _close_early(actor, order, Move.CANCEL, OrderEvent.Kind.CANCELLED, reason)


def report_no_show(*, actor: Any, order: ServiceOrder, note: str = "") -> ServiceOrder:
    access.require(actor, "timebank.report_no_show", order)
    _require_recipient_side(actor, order)
    return _close_early(actor, order, Move.NO_SHOW, OrderEvent.Kind.NO_SHOW, note)


def _require_recipient_side(actor: Any, order: ServiceOrder) -> None:
    if actor.pk == order.volunteer_id:
        raise PermissionDenied(_("The volunteer cannot act for the person served."))


def _close_early(actor: Any, order: ServiceOrder, move: Move, kind: str, note: str) -> ServiceOrder:
    with transaction.atomic():
        order = locked_order(order)
        ensure(order, move)
        before = order.state
        released = order.held_minutes
        release_hold(order, actor)
        order.state = target(move)
        order.closed_at = clock.now()
        order.save(update_fields=["state", "held_minutes", "closed_at"])
        proxy = acting_for(actor, order.beneficiary)
        add_event(
            order,
            kind,
            from_state=before,
            actor=actor,
            on_behalf_of=proxy,
            note=note.strip(),
            data={"released": released},
        )
        record(
            action=f"timebank.{move.value}",
            target=order,
            actor=actor,
            on_behalf_of=proxy,
            before={"state": before},
            after={"state": order.state},
            note=note.strip(),
        )
    return order
