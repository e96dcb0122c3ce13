"""Changes a person makes to their own notifications: read, delete, preferences, push.

Reading and deleting inbox messages is the reader's own housekeeping and is not audited;
preferences and push subscriptions are (they decide where personal notices go).
"""

from __future__ import annotations

import base64
import binascii
import urllib.parse
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.audit.actions import record
from minsheng.notifications import conf
from minsheng.notifications.models import Message, Preference, PushSubscription

PREFERENCE_FIELDS = (
    "email_enabled",
    "sms_enabled",
    "push_enabled",
    "wechat_enabled",
    "email",
    "wechat_openid",
    "language",
    "quiet_start",
    "quiet_end",
    "share_with_family",
)


def inbox(reader: Any) -> Any:
    return Message.objects.filter(recipient=reader).select_related("about")


def unread_count(reader: Any) -> int:
    return Message.objects.filter(recipient=reader, read_at__isnull=True).count()


def mark_read(*, reader: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the reader's messages (all of them when ``ids`` is None) as read."""
    messages = Message.objects.filter(recipient=reader, read_at__isnull=True)
    if ids is not None:
        messages = messages.filter(pk__in=list(ids))
    return messages.update(read_at=timezone.now())


def delete_message(*, reader: Any, message_id: int) -> bool:
    deleted, _rows = Message.objects.filter(recipient=reader, pk=message_id).delete()
    return bool(deleted)


def preference_of(person: Any) -> Preference:
    """The person's preferences (the defaults, unsaved, when they never changed them)."""
    found = Preference.objects.filter(person=person).first()
    return found or Preference(person=person)


def save_preferences(*, actor: Any, person: Any, **changes: Any) -> Preference:
    """A person changes their own preferences (staff do not change them for others)."""
    if actor.pk != person.pk:
        raise ValidationError(_("Only the person themself can change their notifications."))
    unknown = set(changes) - set(PREFERENCE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown settings: %(names)s") % {"names": ", ".join(unknown)})
    with transaction.atomic():
        preference, _created = Preference.objects.select_for_update().get_or_create(person=person)
        before = {name: getattr(preference, name) for name in changes}
        for name, value in changes.items():
            setattr(preference, name, value)
        preference.full_clean(exclude=["person"])
        preference.save()
        record(
            action="notifications.save_preferences",
            target=person,
            actor=actor,
            before=_without_addresses(before),
            after=_without_addresses(changes),
        )
    return preference


def _without_addresses(values: dict[str, Any]) -> dict[str, Any]:
    """The audit log says that an address changed, never what it is."""
    return {
        name: ("changed" if name in {"email", "wechat_openid"} and value else value)
        for name, value in values.items()
    }


def subscribe_push(
    *, actor: Any, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> PushSubscription:
    """Keep a browser's push subscription for ``actor`` (the browser that asked)."""
    _check_endpoint(endpoint)
    _check_key(p256dh, 65, "p256dh")
    _check_key(auth, 16, "auth")
    with transaction.atomic():
        subscription, _created = PushSubscription.objects.update_or_create(
            endpoint=endpoint,
            defaults={
                "person": actor,
                "p256dh": p256dh,
                "auth": auth,
                "user_agent": user_agent[:200],
            },
        )
        record(action="notifications.subscribe_push", target=actor, actor=actor)
    return subscription


def unsubscribe_push(*, actor: Any, endpoint: str) -> bool:
    with transaction.atomic():
        deleted, _rows = PushSubscription.objects.filter(person=actor, endpoint=endpoint).delete()
        if deleted:
            record(action="notifications.unsubscribe_push", target=actor, actor=actor)
    return bool(deleted)


def _check_endpoint(endpoint: str) -> None:
    parts = urllib.parse.urlsplit(endpoint)
    allowed = {"https", "http"} if conf.push_options().get("allow_http") else {"https"}
    if parts.scheme not in allowed or not parts.hostname or len(endpoint) > 1000:
        raise ValidationError({"endpoint": _("This is not a push service address.")})


def _check_key(value: str, length: int, name: str) -> None:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != length:
        raise ValidationError({name: _("The browser sent an invalid key.")})
