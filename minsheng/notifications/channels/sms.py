"""Text messages: the provider interface and the outbox backend (the default).

The outbox keeps each message in the database and shows it to staff on a page, so the demo and
a laptop work without an account anywhere. A provider backend (``aliyun.AliyunSmsBackend``) is
chosen by ``MINSHENG_SMS_BACKEND``.
"""

from __future__ import annotations

from typing import Any, Protocol

from minsheng.core import identity
from minsheng.notifications import conf
from minsheng.notifications.channels.base import PermanentFailure
from minsheng.notifications.models import Delivery, OutboxMessage
from minsheng.notifications.rendering import sms_segments


class SmsBackend(Protocol):
    def send(self, *, phone: str, text: str, delivery: Delivery) -> str:
        """Send ``text`` (without the signature: the provider adds it) to ``phone``; return the
        provider's message id."""
        ...


def signed(text: str) -> str:
    """The message as the phone shows it: the signature in 【】 first (the Chinese convention)."""
    return f"【{conf.sms_sign()}】{text}"


def segments(text: str) -> int:
    return sms_segments(signed(text))


def send(delivery: Delivery) -> str:
    phone = phone_of(delivery)
    backend: SmsBackend = conf.sms_backend()
    return backend.send(phone=phone, text=delivery.text, delivery=delivery)


def phone_of(delivery: Delivery) -> str:
    phone = delivery.address or (delivery.recipient.phone if delivery.recipient else "")
    if not phone:
        raise PermanentFailure("The recipient has no mobile phone number.")
    return str(phone)


def masked(text: str, delivery: Delivery) -> str:
    """The text with its kind's secret values (a one-time code) replaced by asterisks."""
    from minsheng.notifications.registry import KINDS

    kind = KINDS.get(delivery.event.kind)
    payload = delivery.event.payload or {}
    for name in kind.secret if kind else ():
        value = str(payload.get(name, ""))
        if value:
            text = text.replace(value, "*" * len(value))
    return text


class OutboxBackend:
    """Keeps the message for staff to see instead of sending it."""

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        self.options = options or conf.sms_options()

    def send(self, *, phone: str, text: str, delivery: Delivery) -> str:
        shown = signed(masked(text, delivery))
        message = OutboxMessage.objects.create(
            delivery=delivery,
            phone=phone,
            phone_masked=identity.mask_mobile(phone),
            text=shown,
            segments=sms_segments(shown),
            region_path=delivery.event.region_path,
        )
        return f"outbox-{message.pk}"
