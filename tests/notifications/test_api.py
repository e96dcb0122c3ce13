"""``/api/notifications/``: the reader's notifications with the unread count, marking read,
deleting, preferences and push subscriptions, all in the OpenAPI schema."""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import TestCase
from rest_framework.test import APIClient

from minsheng.notifications.models import Message, Preference, PushSubscription
from minsheng.notifications.sending import notify


def told(person, key: str) -> Message:  # type: ignore[no-untyped-def]
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(
            kind="timebank.grant_received", recipients=[person], payload={"minutes": 60}, key=key
        )
    return Message.objects.get(event__key=key, recipient=person)


def api(person) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(person)
    return client


def test_the_list_has_the_readers_messages_and_the_unread_count(cast):
    told(cast.elder, "a")
    told(cast.elder, "b").__class__.objects.filter(event__key="b").update(
        read_at="2026-12-06T00:00Z"
    )
    told(cast.family, "c")
    answer = api(cast.elder).get("/api/notifications/").json()
    assert answer["count"] == 2 and answer["unread"] == 1
    assert {row["kind"] for row in answer["results"]} == {"timebank.grant_received"}
    assert [row["read"] for row in answer["results"]] == [True, False]


def test_marking_one_or_all_read_and_deleting(cast):
    first, second = told(cast.elder, "1"), told(cast.elder, "2")
    client = api(cast.elder)
    assert client.post(f"/api/notifications/{first.pk}/read/").json() == {"marked": 1}
    assert client.post("/api/notifications/read/", {}, format="json").json() == {"marked": 1}
    assert client.delete(f"/api/notifications/{second.pk}/").status_code == 204
    assert list(Message.objects.filter(recipient=cast.elder)) == [first]


def test_another_persons_message_does_not_exist_for_the_reader(cast):
    message = told(cast.elder, "private")
    assert api(cast.family).post(f"/api/notifications/{message.pk}/read/").status_code == 404


def test_preferences_are_read_and_changed(cast):
    client = api(cast.elder)
    assert client.get("/api/notifications/preferences/").json()["sms_enabled"] is True
    changed = client.patch(
        "/api/notifications/preferences/",
        {"sms_enabled": False, "quiet_start": "22:30"},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["quiet_start"] == "22:30:00"
    assert Preference.objects.get(person=cast.elder).sms_enabled is False


def test_a_bad_preference_gets_a_clear_error(cast):
    answer = api(cast.elder).patch(
        "/api/notifications/preferences/", {"email": "not an address"}, format="json"
    )
    assert answer.status_code == 400
    assert not Preference.objects.exists()


def test_a_browser_subscribes_to_push_and_unsubscribes(cast, settings):
    settings.NOTIFICATIONS_PUSH = {"allow_http": False}
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    body = {
        "endpoint": "https://push.example.com/send/abc",
        "p256dh": base64.urlsafe_b64encode(point).rstrip(b"=").decode(),
        "auth": base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode(),
    }
    client = api(cast.volunteer)
    created = client.post("/api/notifications/push-subscriptions/", body, format="json")
    assert created.status_code == 201
    again = client.post("/api/notifications/push-subscriptions/", body, format="json")
    assert again.status_code == 201 and PushSubscription.objects.count() == 1
    listed = client.get("/api/notifications/push-subscriptions/").json()
    assert [row["endpoint"] for row in listed] == [body["endpoint"]]
    assert "auth" not in listed[0]
    assert (
        client.delete(f"/api/notifications/push-subscriptions/{listed[0]['id']}/").status_code
        == 204
    )
    assert not PushSubscription.objects.exists()
    assert client.get("/api/notifications/push-subscriptions/key/").json()["public_key"]


def test_the_endpoints_are_in_the_openapi_schema(cast):
    schema = api(cast.elder).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in (
        "/api/notifications/",
        "/api/notifications/{id}/read/",
        "/api/notifications/read/",
        "/api/notifications/preferences/",
        "/api/notifications/push-subscriptions/",
    ):
        assert path in paths, path
    listed = paths["/api/notifications/"]["get"]["responses"]["200"]["content"]["application/json"]
    component = listed["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "unread" in schema["components"]["schemas"][component]["properties"]
