"""Sending deliveries: claimed one at a time, tried, logged, retried with backoff.

Deliveries are claimed in a short transaction (``FOR UPDATE SKIP LOCKED``, so two workers never
take the same one) and marked as sending; the sending itself happens outside any transaction,
and the outcomes are written in a second one (a batch at a time). A worker that dies while sending leaves the
delivery "sending" with a deadline, after which it is tried again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.audit.actions import record as audit
from minsheng.notifications.channels import email, push, sms, wechat
from minsheng.notifications.channels.base import (
    DeliveryFailure,
    PermanentFailure,
    TemporaryFailure,
    safe_error,
)
from minsheng.notifications.models import Attempt, Channel, Delivery

logger = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, ... temporary failure; then the delivery has failed.
BACKOFF_MINUTES = (1, 5, 15, 60, 240)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
# How long a claimed delivery may stay "sending" before it is thought lost and tried again.
SENDING_DEADLINE = dt.timedelta(minutes=15)
# Deliveries claimed together: two commits for the batch instead of two for each.
BATCH = 50

SENDERS: dict[str, Callable[[Delivery], str]] = {
    Channel.EMAIL: email.send,
    Channel.SMS: sms.send,
    Channel.PUSH: push.send,
    Channel.WECHAT: wechat.send,
}


def backoff(attempts: int) -> dt.timedelta | None:
    """The wait after ``attempts`` tries that all failed for now; ``None`` when it is time to
    give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return dt.timedelta(minutes=BACKOFF_MINUTES[attempts - 1])


def deliver_event(event_id: int, *, now: dt.datetime | None = None) -> int:
    """Send what is due of one event's deliveries; returns how many were sent."""
    due = Delivery.objects.filter(event_id=event_id)
    return _deliver_each(due, now)


def deliver_due(
    *, now: dt.datetime | None = None, limit: int = 500, include_deferred: bool = False
) -> int:
    """Send every delivery whose time has come (retries, the end of quiet hours)."""
    now = now or timezone.now()
    recover_lost(now)
    due = Delivery.objects.filter(status__in=Delivery.PENDING)
    if not include_deferred:
        due = due.filter(next_attempt_at__lte=now)
    return _deliver_each(due.order_by("next_attempt_at")[:limit], now, force=include_deferred)


def _deliver_each(deliveries: Any, now: dt.datetime | None, *, force: bool = False) -> int:
    pks = list(deliveries.values_list("pk", flat=True))
    sent = 0
    for first in range(0, len(pks), BATCH):
        done = deliver_many(pks[first : first + BATCH], now=now, force=force)
        sent += sum(1 for delivery in done if delivery.status == Delivery.Status.SENT)
    return sent


def deliver(pk: int, *, now: dt.datetime | None = None, force: bool = False) -> Delivery | None:
    """Try one delivery if it is due and nobody else is sending it."""
    done = deliver_many([pk], now=now, force=force)
    return done[0] if done else None


def deliver_many(
    pks: list[int], *, now: dt.datetime | None = None, force: bool = False
) -> list[Delivery]:
    """Try the deliveries among ``pks`` that are due and that nobody else is sending: claimed
    in one transaction, sent one by one outside it, their outcomes written in another."""
    claimed = _claim(pks, now or timezone.now(), force)
    outcomes = [(delivery, *_send(delivery)) for delivery in claimed]
    _finish(outcomes)
    return claimed


def _send(delivery: Delivery) -> tuple[str, DeliveryFailure | None]:
    try:
        return SENDERS[delivery.channel](delivery), None
    except DeliveryFailure as failure:
        return "", failure
    except Exception as error:  # a bug or an unforeseen answer: logged, tried again later
        logger.exception("Delivery %s (%s) failed unexpectedly", delivery.pk, delivery.channel)
        return "", TemporaryFailure(type(error).__name__)


def _claim(pks: list[int], now: dt.datetime, force: bool) -> list[Delivery]:
    with transaction.atomic():
        due = Delivery.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            pk__in=pks, status__in=Delivery.PENDING
        )
        if not force:
            due = due.filter(next_attempt_at__lte=now)
        claimed = list(due.select_related("event", "recipient").order_by("pk"))
        deadline = timezone.now() + SENDING_DEADLINE
        for delivery in claimed:
            delivery.status = Delivery.Status.SENDING
            delivery.attempts += 1
            delivery.next_attempt_at = deadline
        Delivery.objects.bulk_update(claimed, ["status", "attempts", "next_attempt_at"])
    return claimed


def _finish(outcomes: list[tuple[Delivery, str, DeliveryFailure | None]]) -> None:
    now = timezone.now()
    attempts = []
    for delivery, message_id, failure in outcomes:
        _settle(delivery, now, message_id, failure)
        attempts.append(
            Attempt(
                delivery=delivery,
                at=now,
                outcome=_outcome(failure),
                provider_message_id=delivery.provider_message_id if failure is None else "",
                error=delivery.last_error,
            )
        )
    with transaction.atomic():
        Attempt.objects.bulk_create(attempts)
        Delivery.objects.bulk_update(
            [delivery for delivery, _id, _failure in outcomes],
            ["status", "sent_at", "provider_message_id", "last_error", "next_attempt_at"],
        )


def _outcome(failure: DeliveryFailure | None) -> str:
    if failure is None:
        return Attempt.Outcome.SENT
    if isinstance(failure, TemporaryFailure):
        return Attempt.Outcome.TEMPORARY
    return Attempt.Outcome.PERMANENT


def _settle(
    delivery: Delivery, now: dt.datetime, message_id: str, failure: DeliveryFailure | None
) -> None:
    if failure is None:
        delivery.status = Delivery.Status.SENT
        delivery.sent_at = now
        delivery.provider_message_id = message_id[:100]
        delivery.last_error = ""
        return
    delivery.last_error = safe_error(str(failure))
    wait = backoff(delivery.attempts) if isinstance(failure, TemporaryFailure) else None
    if wait is None:
        delivery.status = Delivery.Status.FAILED
    else:
        delivery.status = Delivery.Status.RETRYING
        delivery.next_attempt_at = now + wait


def recover_lost(now: dt.datetime) -> int:
    """Deliveries left "sending" past their deadline (a worker died) are tried again."""
    return Delivery.objects.filter(status=Delivery.Status.SENDING, next_attempt_at__lte=now).update(
        status=Delivery.Status.RETRYING
    )


def resend(*, actor: Any, delivery: Delivery) -> Delivery:
    """Staff send a delivery again (after a failure, or when a person lost the message)."""
    from minsheng import access

    access.require(actor, "notifications.resend", delivery)
    if delivery.status == Delivery.Status.SENDING:
        raise ValidationError(_("It is being sent right now; look again in a minute."))
    with transaction.atomic():
        before = delivery.status
        delivery.status = Delivery.Status.QUEUED
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "next_attempt_at"])
        audit(
            action="notifications.resend",
            target=delivery,
            actor=actor,
            before={"status": before},
            after={"channel": delivery.channel},
        )
    return delivery


__all__ = ["PermanentFailure", "deliver", "deliver_due", "deliver_event", "resend"]
