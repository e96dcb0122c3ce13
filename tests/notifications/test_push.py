"""Web Push: the encrypted payload reaches a local push endpoint, signed with the server's VAPID
key, and the subscription's private key decrypts it (RFC 8291, aes128gcm)."""

from __future__ import annotations

import base64
import json
import os

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.test import TestCase

from minsheng.notifications import actions, delivery
from minsheng.notifications.channels import push
from minsheng.notifications.models import Delivery, PushSubscription
from minsheng.notifications.sending import notify
from tests.notifications.servers import Received, http_server


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Browser:
    """What a browser keeps for a subscription: its key pair and auth secret."""

    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)

    @property
    def p256dh(self) -> str:
        return b64url(
            self.key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    def decrypt(self, body: bytes) -> dict[str, str]:
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return dict(json.loads(plain))


def verify_vapid(header: str, endpoint_origin: str) -> None:
    """``vapid t=<JWT>, k=<server public key>``: the JWT is ES256-signed by that key."""
    parts = dict(part.strip().split("=", 1) for part in header.removeprefix("vapid ").split(","))
    assert parts["k"] == push.public_key()
    head, claims, signed = parts["t"].split(".")
    assert json.loads(unb64url(claims))["aud"] == endpoint_origin
    raw = unb64url(signed)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(parts["k"]))
    public.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))


@pytest.fixture
def push_service(settings):  # type: ignore[no-untyped-def]
    settings.NOTIFICATIONS_PUSH = {"subject": "mailto:test@minsheng.local", "allow_http": True}
    gone: set[str] = set()

    def answer(request: Received) -> tuple[int, dict[str, str], bytes]:
        if request.path in gone:
            return 410, {}, b""
        return 201, {"Location": f"{request.path}/messages/1"}, b""

    with http_server(answer) as (url, received):
        yield url, received, gone


def booked_for(person, key="push:1"):  # type: ignore[no-untyped-def]
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(
            kind="timebank.request_nearby",
            recipients=[person],
            payload={
                "elder": "王奶奶",
                "service": "上门陪聊",
                "starts_at": "2026-12-08T02:00:00+00:00",
            },
            link="/timebank/orders/7/",
            key=key,
        )
    return Delivery.objects.get(event__key=key, channel="push")


def subscribed(person, endpoint: str) -> Browser:  # type: ignore[no-untyped-def]
    """A browser that has subscribed ``person`` to push messages at ``endpoint``."""
    browser = Browser()
    actions.subscribe_push(
        actor=person, endpoint=endpoint, p256dh=browser.p256dh, auth=b64url(browser.auth)
    )
    return browser


def test_the_payload_reaches_the_endpoint_encrypted_for_the_subscription(cast, push_service):
    url, received, _gone = push_service
    browser = subscribed(cast.volunteer, f"{url}/push/abc")
    sent = delivery.deliver(booked_for(cast.volunteer).pk)
    assert sent.status == Delivery.Status.SENT
    (request,) = received
    assert request.path == "/push/abc"
    assert request.headers["content-encoding"] == "aes128gcm"
    assert "王奶奶" not in request.body.decode("latin-1")  # encrypted on the wire
    message = browser.decrypt(request.body)
    assert "王奶奶" in message["title"]
    assert message["url"] == "http://127.0.0.1:8000/timebank/orders/7/"
    verify_vapid(request.headers["authorization"], url)
    assert sent.provider_message_id == "/push/abc/messages/1"


def test_a_subscription_the_push_service_says_is_gone_is_removed(cast, push_service):
    url, _received, gone = push_service
    subscribed(cast.volunteer, f"{url}/push/old")
    gone.add("/push/old")
    tried = delivery.deliver(booked_for(cast.volunteer).pk)
    assert tried.status == Delivery.Status.FAILED
    assert not PushSubscription.objects.exists()


def test_without_a_subscription_there_is_no_push_delivery(cast):
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(kind="timebank.request_nearby", recipients=[cast.volunteer], payload={}, key="k")
    assert not Delivery.objects.filter(channel="push").exists()


def test_only_https_push_services_are_accepted_outside_tests(cast, settings):
    from django.core.exceptions import ValidationError

    settings.NOTIFICATIONS_PUSH = {"allow_http": False}
    with pytest.raises(ValidationError):
        subscribed(cast.volunteer, "http://10.0.0.1/push")


def test_a_malformed_browser_key_is_refused(cast, settings):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.subscribe_push(
            actor=cast.volunteer, endpoint="https://push.example/x", p256dh="bad", auth="bad"
        )


def test_the_public_key_belongs_to_the_private_key():
    raw = unb64url(push.private_key())
    key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    assert b64url(point) == push.public_key()
