"""Web Push with VAPID (RFC 8030, 8291, 8292) through pywebpush.

The server's VAPID key pair is generated once like the other local keys (``localkeys``) or comes
from ``MINSHENG_VAPID_PRIVATE_KEY``. A subscription that the push service says is gone (404, 410)
is removed.
"""

from __future__ import annotations

import base64
import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from pywebpush import WebPushException, webpush

from minsheng.notifications import conf
from minsheng.notifications.channels.base import PermanentFailure, TemporaryFailure
from minsheng.notifications.models import Delivery, PushSubscription

TTL_SECONDS = 24 * 60 * 60


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def generate_private_key() -> str:
    """A new P-256 private key, as the raw 32-byte scalar in base64url (py_vapid reads it)."""
    key = ec.generate_private_key(ec.SECP256R1())
    return _b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def private_key() -> str:
    return str(settings.NOTIFICATIONS_VAPID_PRIVATE_KEY)


def public_key() -> str:
    """The application server key the browser subscribes with (an uncompressed point)."""
    raw = base64.urlsafe_b64decode(private_key() + "=" * (-len(private_key()) % 4))
    key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64url(point)


def payload(delivery: Delivery) -> str:
    return json.dumps(
        {
            "title": delivery.subject,
            "body": delivery.text,
            "url": delivery.extra.get("url", ""),
            "tag": f"minsheng-{delivery.event_id}",
        },
        ensure_ascii=False,
    )


def send(delivery: Delivery) -> str:
    subscriptions = list(PushSubscription.objects.filter(person_id=delivery.recipient_id))
    if not subscriptions:
        raise PermanentFailure("The recipient has no push subscription.")
    data = payload(delivery)
    sent: list[str] = []
    temporary: list[str] = []
    for subscription in subscriptions:
        try:
            response = webpush(
                subscription_info=subscription.info(),
                data=data,
                vapid_private_key=private_key(),
                vapid_claims={"sub": conf.push_options().get("subject", "mailto:admin@localhost")},
                ttl=TTL_SECONDS,
                timeout=10,
            )
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in (404, 410):
                subscription.delete()
            elif status is None or status == 429 or status >= 500:
                temporary.append(f"push service answered {status}")
            continue
        except OSError as error:
            temporary.append(f"cannot reach the push service: {type(error).__name__}")
            continue
        sent.append(str(getattr(response, "headers", {}).get("Location", "") or "accepted"))
    if sent:
        return sent[0][:100]
    if temporary:
        raise TemporaryFailure("; ".join(temporary))
    raise PermanentFailure("Every push subscription of the recipient has expired.")
