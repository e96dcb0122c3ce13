"""Sending: each attempt logged, temporary failures retried with backoff, the outbox by default."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import TestCase
from django.utils import timezone

from minsheng.audit.models import AuditEntry
from minsheng.notifications import delivery
from minsheng.notifications.models import Attempt, Delivery, OutboxMessage
from minsheng.notifications.sending import Phone, notify
from tests.notifications.fakes import ScriptedBackend

FAKE = {"backend": "tests.notifications.fakes.ScriptedBackend", "sign": "民生"}


def a_text_to_a_caller(key: str = "case:1") -> Delivery:
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(
            kind="hotline.case_received",
            recipients=[Phone("13900001111")],
            payload={"number": "20261206000001"},
            key=key,
            urgent=True,  # not held for quiet hours, whatever time the test runs
        )
    return Delivery.objects.get(event__key=key)


@pytest.fixture
def scripted(settings):  # type: ignore[no-untyped-def]
    settings.NOTIFICATIONS_SMS = FAKE
    ScriptedBackend.script = []
    ScriptedBackend.sent = []
    return ScriptedBackend


def test_by_default_text_messages_go_to_the_outbox_with_a_masked_number(db):
    sent = delivery.deliver(a_text_to_a_caller().pk)
    assert sent.status == Delivery.Status.SENT
    kept = OutboxMessage.objects.get()
    assert kept.phone == "13900001111" and kept.phone_masked == "139****1111"
    assert kept.text.startswith("【民生】") and "20261206000001" in kept.text
    assert sent.provider_message_id == f"outbox-{kept.pk}"
    (attempt,) = Attempt.objects.all()
    assert attempt.outcome == Attempt.Outcome.SENT
    assert attempt.provider_message_id == sent.provider_message_id


def test_a_temporary_failure_is_tried_again_later_with_a_growing_wait(db, scripted):
    scripted.script = ["busy", "busy", "ok"]
    pending = a_text_to_a_caller()
    first = delivery.deliver(pending.pk)
    assert first.status == Delivery.Status.RETRYING
    assert first.next_attempt_at - timezone.now() > dt.timedelta(seconds=50)
    # Not due yet: nothing happens.
    assert delivery.deliver(pending.pk) is None
    second = delivery.deliver(pending.pk, now=first.next_attempt_at + dt.timedelta(seconds=1))
    assert second.status == Delivery.Status.RETRYING
    assert second.next_attempt_at - timezone.now() > dt.timedelta(minutes=4)
    third = delivery.deliver(pending.pk, now=second.next_attempt_at + dt.timedelta(seconds=1))
    assert third.status == Delivery.Status.SENT
    assert [a.outcome for a in Attempt.objects.order_by("pk")] == ["temporary", "temporary", "sent"]
    assert scripted.sent == [("13900001111", third.text)]


def test_the_log_never_holds_the_phone_number(db, scripted):
    scripted.script = ["busy"]
    failed = delivery.deliver(a_text_to_a_caller().pk)
    assert "13900001111" not in failed.last_error
    assert "13900001111" not in Attempt.objects.get().error


def test_after_the_last_try_the_delivery_has_failed(db, scripted):
    scripted.script = ["busy"] * delivery.MAX_ATTEMPTS
    pending = a_text_to_a_caller()
    later = timezone.now()
    for _ in range(delivery.MAX_ATTEMPTS):
        later += dt.timedelta(days=1)
        delivery.deliver(pending.pk, now=later)
    pending.refresh_from_db()
    assert pending.status == Delivery.Status.FAILED
    assert pending.attempts == delivery.MAX_ATTEMPTS


def test_a_permanent_failure_is_not_tried_again(db, scripted):
    scripted.script = ["refused"]
    failed = delivery.deliver(a_text_to_a_caller().pk)
    assert failed.status == Delivery.Status.FAILED
    assert delivery.deliver(failed.pk, now=timezone.now() + dt.timedelta(days=1)) is None


def test_a_delivery_lost_by_a_dead_worker_is_tried_again(db, scripted):
    pending = a_text_to_a_caller()
    Delivery.objects.filter(pk=pending.pk).update(
        status=Delivery.Status.SENDING, next_attempt_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert delivery.deliver_due() == 1
    assert Delivery.objects.get(pk=pending.pk).status == Delivery.Status.SENT


def test_staff_send_a_failed_delivery_again_and_it_is_audited(cast, scripted):
    scripted.script = ["refused", "ok"]
    failed = delivery.deliver(a_text_to_a_caller().pk)
    delivery.resend(actor=cast.city_admin, delivery=failed)
    assert delivery.deliver(failed.pk).status == Delivery.Status.SENT
    assert AuditEntry.objects.filter(action="notifications.resend").count() == 1


def test_only_administrators_may_send_again(cast, scripted):
    from django.core.exceptions import PermissionDenied

    scripted.script = ["refused"]
    failed = delivery.deliver(a_text_to_a_caller().pk)
    with pytest.raises(PermissionDenied):
        delivery.resend(actor=cast.volunteer, delivery=failed)
