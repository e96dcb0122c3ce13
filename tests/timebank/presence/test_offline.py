"""Signs made offline: kept on the phone with their real time and the phone's signature, sent
later, accepted once, within the configured delay."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from minsheng.timebank import clock
from minsheng.timebank.models import OrderState
from minsheng.timebank.presence import actions, field
from minsheng.timebank.presence.models import PresenceCheck
from tests.timebank.presence.conftest import Phone

pytestmark = pytest.mark.django_db


def receive(tb, sent, *, at):
    with clock.at(at):
        return field.receive_sign(actor=tb.cast.volunteer, **sent)


def test_a_visit_made_offline_keeps_the_phones_times_and_is_accepted_once(tb, phone, scanned):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    arrived, left = order.starts_at + dt.timedelta(minutes=2), order.ends_at
    sign_in = phone.queued(order, "sign_in", arrived, scanned)
    sign_out = phone.queued(order, "sign_out", left, scanned)
    back_online = left + dt.timedelta(hours=3)
    first = receive(tb, sign_in, at=back_online)
    again = receive(tb, sign_in, at=back_online + dt.timedelta(minutes=1))
    assert again.pk == first.pk
    receive(tb, sign_out, at=back_online)
    order.refresh_from_db()
    assert order.state == OrderState.SIGNED_OUT
    assert (order.signed_in_at, order.signed_out_at) == (arrived, left)
    assert order.signed_minutes == 58
    checks = list(order.presence_checks.all())
    assert [(c.offline, c.status, c.method, c.device_id) for c in checks] == [
        (True, "verified", "qr", phone.device.pk)
    ] * 2
    assert all(c.received_at == back_online for c in checks)


def test_a_sign_older_than_the_delay_is_refused(tb, phone, scanned):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    sent = phone.queued(order, "sign_in", order.starts_at, scanned)
    with override_settings(MINSHENG_PRESENCE_OFFLINE_HOURS=2):
        with pytest.raises(ValidationError, match="too long ago"):
            receive(tb, sent, at=order.starts_at + dt.timedelta(hours=3))
        receive(tb, sent, at=order.starts_at + dt.timedelta(hours=1))
    assert PresenceCheck.objects.filter(order=order).count() == 1


def test_a_time_in_the_future_is_refused(tb, phone, scanned):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    sent = phone.queued(order, "sign_in", order.starts_at + dt.timedelta(hours=1), scanned)
    with pytest.raises(ValidationError, match="future"):
        receive(tb, sent, at=order.starts_at)


def test_a_changed_sign_or_another_persons_phone_is_refused(tb, phone, scanned):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    sent = phone.queued(order, "sign_in", order.starts_at, scanned)
    earlier = json.loads(sent["payload"])
    earlier["at"] = (order.starts_at - dt.timedelta(hours=2)).isoformat()
    forged = {**sent, "payload": json.dumps(earlier)}
    with pytest.raises(PermissionDenied, match="signature"):
        receive(tb, forged, at=order.ends_at)
    stranger = Phone(tb.volunteer("别人"))
    with pytest.raises(PermissionDenied, match="not registered for you"):
        receive(tb, {**sent, "key_id": stranger.device.key_id}, at=order.ends_at)
    assert not PresenceCheck.objects.filter(order=order).exists()


def test_one_phone_key_belongs_to_one_person(tb, phone):
    other = tb.volunteer("别人")
    with pytest.raises(PermissionDenied):
        actions.register_device(actor=other, public_key=phone.public_key)
    assert actions.register_device(actor=tb.cast.volunteer, public_key=phone.public_key) == (
        phone.device
    )


def test_what_is_not_a_phone_key_is_refused(tb):
    with pytest.raises(ValidationError):
        actions.register_device(actor=tb.cast.volunteer, public_key="bm90IGEga2V5")


def test_an_offline_sign_without_the_code_is_flagged_too(tb, phone):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    check = receive(tb, phone.queued(order, "sign_in", order.starts_at), at=order.ends_at)
    assert (check.offline, check.status, check.flags) == (True, "flagged", ["no_qr"])


@pytest.mark.parametrize(
    "payload",
    ["", "[]", "{", '{"order": "1", "kind": "sign_in"}', '{"order": true, "kind": "sign_in"}'],
)
def test_an_unreadable_sign_is_refused_in_words(tb, payload):
    with pytest.raises(ValidationError):
        field.receive_sign(actor=tb.cast.volunteer, payload=payload)
