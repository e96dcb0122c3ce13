"""Confirmation and settlement: the ledger pays the credited minutes and releases the rest.

Caps (policy settings, off by default) are applied here, under the locks of every account the
settlement may touch, so that two settlements for the same volunteer cannot both use the same
room under a daily or storage cap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.timebank import clock, ledger, policies
from minsheng.timebank.actions.common import acting_for, add_event, locked_order, new_event
from minsheng.timebank.credit import credited_minutes
from minsheng.timebank.models import (
    Account,
    Attendance,
    Dispute,
    Milestone,
    OrderEvent,
    OrderState,
    ServiceOrder,
    Transaction,
)
from minsheng.timebank.presence import guard as presence_guard
from minsheng.timebank.procedure import Move, ensure

MAX_DECIDED_MINUTES = 24 * 60


def confirm_order(
    *, actor: Any, order: ServiceOrder, rating: int, comment: str = ""
) -> ServiceOrder:
    """The person served (a relative, or the station for them) confirms and rates; paid at once."""
    access.require(actor, "timebank.confirm_order", order)
    if actor.pk == order.volunteer_id:
        raise PermissionDenied(_("A volunteer cannot confirm their own service."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
    policy = policies.current()
    with transaction.atomic():
        order = locked_order(order)
        ensure(order, Move.CONFIRM)
        presence_guard.ensure_settleable(order)
        minutes = credited_minutes(
            signed=order.signed_minutes or 0, booked=order.duration_minutes, policy=policy
        )
        order.rating = rating
        order.comment = comment.strip()
        proxy = acting_for(actor, order.beneficiary)
        confirmed = new_event(
            order,
            OrderEvent.Kind.CONFIRMED,
            from_state=order.state,
            actor=actor,
            on_behalf_of=proxy,
            note=order.comment,
            data={"rating": rating},
        )
        settle(order, minutes, actor=actor, policy=policy, events=[confirmed])
        record(
            action="timebank.confirm_order",
            target=order,
            actor=actor,
            on_behalf_of=proxy,
            after={"rating": rating, "credited": order.credited_minutes},
        )
    return order


def dispute_order(
    *, actor: Any, order: ServiceOrder, reason: str, proposed_minutes: int
) -> ServiceOrder:
    """Either side disputes the signed duration; the station will decide."""
    access.require(actor, "timebank.dispute_order", order)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is wrong with the duration.")})
    if not 0 <= proposed_minutes <= MAX_DECIDED_MINUTES:
        raise ValidationError({"proposed_minutes": _("Enter the minutes you think are right.")})
    with transaction.atomic():
        order = locked_order(order)
        ensure(order, Move.DISPUTE)
        Dispute.objects.create(
            order=order,
            raised_by=actor,
            raised_at=clock.now(),
            reason=reason.strip(),
            proposed_minutes=proposed_minutes,
        )
        before = order.state
        order.state = OrderState.DISPUTED
        order.save(update_fields=["state"])
        party = order.volunteer if actor.pk == order.volunteer_id else order.beneficiary
        proxy = acting_for(actor, party)
        add_event(
            order,
            OrderEvent.Kind.DISPUTED,
            from_state=before,
            actor=actor,
            on_behalf_of=proxy,
            note=reason.strip(),
            data={"proposed": proposed_minutes},
        )
        record(
            action="timebank.dispute_order",
            target=order,
            actor=actor,
            on_behalf_of=proxy,
            after={"proposed": proposed_minutes},
            note=reason.strip(),
        )
    return order


def decide_dispute(*, actor: Any, order: ServiceOrder, minutes: int, decision: str) -> ServiceOrder:
    """The station decides the minutes; the ledger posts the decided amount."""
    access.require(actor, "timebank.decide_dispute", order)
    if not decision.strip():
        raise ValidationError({"decision": _("Explain the decision.")})
    if not 0 <= minutes <= MAX_DECIDED_MINUTES:
        raise ValidationError({"minutes": _("Enter the minutes to pay, from 0 to 1440.")})
    policy = policies.current()
    with transaction.atomic():
        order = locked_order(order)
        ensure(order, Move.DECIDE)
        dispute = Dispute.objects.select_for_update().get(order=order)
        dispute.decided_by = actor
        dispute.decided_at = clock.now()
        dispute.decided_minutes = minutes
        dispute.decision = decision.strip()
        dispute.save(update_fields=["decided_by", "decided_at", "decided_minutes", "decision"])
        decided = new_event(
            order,
            OrderEvent.Kind.DISPUTE_DECIDED,
            from_state=order.state,
            actor=actor,
            note=decision.strip(),
            data={"minutes": minutes},
        )
        settle(order, minutes, actor=actor, policy=policy, events=[decided])
        record(
            action="timebank.decide_dispute",
            target=order,
            actor=actor,
            after={"decided": minutes, "credited": order.credited_minutes},
            note=decision.strip(),
        )
    return order


def auto_confirm_due(*, now: dt.datetime | None = None) -> list[ServiceOrder]:
    """Confirm every order signed out more than the policy's number of days ago."""
    policy = policies.current()
    cutoff = (now or clock.now()) - dt.timedelta(days=policy.auto_confirm_days)
    due = ServiceOrder.objects.filter(
        state=OrderState.SIGNED_OUT, signed_out_at__lt=cutoff
    ).exclude(presence_guard.held_back())
    confirmed = []
    for pk in due.order_by("signed_out_at").values_list("pk", flat=True):
        with transaction.atomic():
            # Another worker (or the person themself) may be confirming it right now: skip it.
            order = (
                ServiceOrder.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, state=OrderState.SIGNED_OUT)
                .exclude(presence_guard.held_back())
                .first()
            )
            if order is None:
                continue
            minutes = credited_minutes(
                signed=order.signed_minutes or 0, booked=order.duration_minutes, policy=policy
            )
            automatic = new_event(
                order,
                OrderEvent.Kind.AUTO_CONFIRMED,
                from_state=order.state,
                actor=None,
                data={"after_days": policy.auto_confirm_days},
            )
            settle(order, minutes, actor=None, policy=policy, events=[automatic])
            record(
                action="timebank.auto_confirm",
                target=order,
                actor=None,
                after={"credited": order.credited_minutes},
            )
            confirmed.append(order)
    return confirmed


def settle(
    order: ServiceOrder,
    minutes: int,
    *,
    actor: Any,
    policy: policies.Policy,
    events: Sequence[OrderEvent] = (),
) -> None:
    """Pay ``minutes`` (after caps) to the volunteer; release the rest of the hold.

    The order row must already be locked by the caller. ``events`` (unsaved: the move that led
    here) are written with the settlement's own event, in one insert.
    """
    payer_key = (order.payer_id, Account.Kind.PERSON)
    hold_key = (order.payer_id, Account.Kind.HOLD)
    earner_key = (order.volunteer_id, Account.Kind.PERSON)
    accounts = ledger.locked_accounts(
        [payer_key, hold_key, earner_key], pool=_overflow_to_pool(policy)
    )
    payer, hold, earner = accounts[payer_key], accounts[hold_key], accounts[earner_key]
    pool = accounts.get((None, Account.Kind.POOL))
    plan = _plan(order, minutes, payer, earner, policy)
    movements = _movements(order, plan, payer, hold, earner, pool)
    ledger.post(movements, authorised_by=actor, at=clock.now())
    before = order.state
    order.credited_minutes = plan["credited"]
    order.held_minutes = 0
    order.state = OrderState.SETTLED
    order.closed_at = clock.now()
    order.save(
        update_fields=[
            "rating",
            "comment",
            "credited_minutes",
            "held_minutes",
            "state",
            "closed_at",
        ]
    )
    settled = new_event(order, OrderEvent.Kind.SETTLED, from_state=before, actor=actor, data=plan)
    OrderEvent.objects.bulk_create([*events, settled])
    record_milestones(order.volunteer, earner.earned + plan["credited"], policy)


def _overflow_to_pool(policy: policies.Policy) -> bool:
    return bool(policy.storage_cap_minutes) and policy.storage_cap_mode == "pool"


def _plan(
    order: ServiceOrder, minutes: int, payer: Account, earner: Account, policy: policies.Policy
) -> dict[str, int]:
    """How many minutes go where: the arithmetic of caps and holds, in one place."""
    plan = {"requested": minutes, "daily_cap_cut": 0, "storage_cap_cut": 0, "payer_short": 0}
    credited = minutes
    if policy.daily_earning_cap_minutes:
        room = max(0, policy.daily_earning_cap_minutes - earned_on_day(order))
        plan["daily_cap_cut"] = max(0, credited - room)
        credited -= plan["daily_cap_cut"]
    overflow = 0
    if policy.storage_cap_minutes:
        room = max(0, policy.storage_cap_minutes - earner.balance)
        if policy.storage_cap_mode == "reject":
            plan["storage_cap_cut"] = max(0, credited - room)
            credited -= plan["storage_cap_cut"]
        else:
            overflow = max(0, credited - room)
    held = order.held_minutes
    top_up = max(0, credited - held)
    if top_up > payer.balance:
        plan["payer_short"] = top_up - payer.balance
        top_up = payer.balance
        credited = held + top_up
        overflow = min(overflow, credited)
    plan.update(
        credited=credited,
        top_up=top_up,
        release=held + top_up - credited,
        overflow=overflow,
    )
    return plan


def earned_on_day(order: ServiceOrder) -> int:
    """Minutes the order's volunteer was already credited for services on the same day."""
    day = timezone.localdate(order.signed_in_at or order.starts_at)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    services = ServiceOrder.objects.filter(
        volunteer_id=order.volunteer_id,
        state=OrderState.SETTLED,
        signed_in_at__gte=start,
        signed_in_at__lt=end,
    ).aggregate(total=Coalesce(Sum("credited_minutes"), 0))["total"]
    activities = Attendance.objects.filter(
        volunteer_id=order.volunteer_id,
        confirmed_at__isnull=False,
        activity__starts_at__gte=start,
        activity__starts_at__lt=end,
    ).aggregate(total=Coalesce(Sum("minutes"), 0))["total"]
    return int(services) + int(activities)


def _movements(
    order: ServiceOrder,
    plan: dict[str, int],
    payer: Account,
    hold: Account,
    earner: Account,
    pool: Account | None,
) -> list[ledger.Movement]:
    key = f"order:{order.pk}"
    # (part of the plan, kind, key suffix, from, to): the order's own movements, in this order.
    steps = (
        ("top_up", Transaction.Kind.HOLD, "top-up", payer, hold),
        ("credited", Transaction.Kind.SERVICE_PAYMENT, "payment", hold, earner),
        ("release", Transaction.Kind.RELEASE, "release:final", hold, payer),
    )
    movements = [
        ledger.Movement(
            kind=kind,
            key=f"{key}:{suffix}",
            debit=debit,
            credit=credit,
            minutes=plan[part],
            region_id=order.region_id,
            order_id=order.pk,
        )
        for part, kind, suffix, debit, credit in steps
        if plan[part]
    ]
    if plan["overflow"] and pool is not None:
        movements.append(
            ledger.Movement(
                kind=Transaction.Kind.STORAGE_OVERFLOW,
                key=f"{key}:overflow",
                debit=earner,
                credit=pool,
                minutes=plan["overflow"],
                region_id=order.region_id,
            )
        )
    return movements


def record_milestones(person: Any, earned_minutes: int, policy: policies.Policy) -> list[Milestone]:
    """Star levels and the care-home milestone reached with ``earned_minutes`` (once each)."""
    reached = [
        f"star_{level}"
        for level, threshold in enumerate(policy.star_thresholds_minutes, start=1)
        if earned_minutes >= threshold
    ]
    if policy.reaches_care_home(earned_minutes):
        reached.append(Milestone.Kind.CARE_HOME)
    if not reached:
        return []
    known = set(Milestone.objects.filter(person=person).values_list("kind", flat=True))
    new = [
        Milestone(person=person, kind=kind, reached_at=clock.now(), earned_minutes=earned_minutes)
        for kind in reached
        if kind not in known
    ]
    return Milestone.objects.bulk_create(new, ignore_conflicts=True) if new else []
