"""What modules register: the kinds of notification they send, the actions they follow, and how
to reach people who cannot read a notification themselves.

Modules register from a ``notifications.py`` beside their ``actions``; the notifications app
imports every such module when it starts (like the admin's ``admin.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.functional import Promise

from minsheng.notifications.models import Channel

ALL_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.WECHAT)


@dataclass(frozen=True)
class Kind:
    """A kind of notification and its texts.

    The texts are translatable strings with named placeholders filled from the event's payload;
    ``sms`` is the short plain text of a text message (the title when empty), ``body`` the longer
    text of the inbox and e-mail. ``channels`` are the outside channels that suit the kind (the
    inbox is always used); each person's preferences may turn some off.
    """

    name: str
    label: Promise
    title: Promise
    body: Promise | str = ""
    sms: Promise | str = ""
    channels: Sequence[str] = ALL_CHANNELS
    # WeChat subscription messages fill a template's fields: field name -> payload key or "title".
    wechat_fields: dict[str, str] = field(default_factory=dict)
    # Payload keys whose values only the recipient may read (a one-time code): the provider
    # gets them, but what staff can open (the SMS outbox) keeps them masked.
    secret: Sequence[str] = ()


@dataclass(frozen=True)
class Occurrence:
    """An action as the audit log recorded it, handed to the modules that follow that action."""

    action: str
    target: Any
    actor: Any
    at: dt.datetime
    before: dict[str, Any]
    after: dict[str, Any]
    note: str
    entry_id: int


Handler = Callable[[Occurrence], None]


@dataclass(frozen=True)
class Follower:
    action: str
    handler: Handler
    # The moment the action happened, read while it runs (the Time Bank replays history at
    # past moments through its own clock).
    clock: Callable[[], dt.datetime] = timezone.now


KINDS: dict[str, Kind] = {}
FOLLOWERS: dict[str, list[Follower]] = {}
# Functions of a person who cannot read notifications (no phone, no log-in) that return the
# staff who should read them instead (the person's service station).
PROXY_FINDERS: list[Callable[[Any], list[Any]]] = []


def register_kind(*kinds: Kind) -> None:
    for kind in kinds:
        unknown = set(kind.channels) - set(ALL_CHANNELS)
        if unknown:
            raise ImproperlyConfigured(f"Unknown channels for {kind.name}: {sorted(unknown)}")
        KINDS[kind.name] = kind


def kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ImproperlyConfigured(f"No notification kind {name!r} is registered.") from None


def follow(
    action: str, *, clock: Callable[[], dt.datetime] = timezone.now
) -> Callable[[Handler], Handler]:
    """Run ``handler(occurrence)`` in the background after each committed ``action``."""

    def register(handler: Handler) -> Handler:
        followers = FOLLOWERS.setdefault(action, [])
        if all(f.handler is not handler for f in followers):
            followers.append(Follower(action, handler, clock))
        return handler

    return register


def add_proxy_finder(finder: Callable[[Any], list[Any]]) -> Callable[[Any], list[Any]]:
    if finder not in PROXY_FINDERS:
        PROXY_FINDERS.append(finder)
    return finder


def proxies_for(person: Any) -> list[Any]:
    found: dict[int, Any] = {}
    for finder in PROXY_FINDERS:
        for staff in finder(person):
            found.setdefault(staff.pk, staff)
    return list(found.values())
