"""``notify()``: the one way for a module to say "tell these people this".

Called inside a business transaction, it waits for the commit (``transaction.on_commit``): a
rolled-back action tells nobody, and a failure here never undoes the action. It then writes the
event (once per idempotency key), an inbox message per person and a delivery per outside
channel (once per event, recipient and channel, enforced by PostgreSQL), each in the reader's
language, and queues the sending on the jobs queue.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from minsheng.core import crypto, identity
from minsheng.notifications import registry
from minsheng.notifications.channels import sms, wechat
from minsheng.notifications.models import Channel, Delivery, Event, Message, Preference
from minsheng.notifications.rendering import Rendered, render, render_email
from minsheng.people.models import PHONE_HASH_PURPOSE, RoleAssignment, User
from minsheng.people.relations import verified_relative_ids
from minsheng.people.roles import Role

logger = logging.getLogger(__name__)
DELIVER_JOB = "notifications.deliver"


@dataclass(frozen=True)
class Phone:
    """A recipient who is not a registered person: a hotline caller's mobile number."""

    number: str
    language: str = "zh-hans"


@dataclass(frozen=True)
class Target:
    user: User | None = None
    phone: Phone | None = None
    about: User | None = None  # the person the reader receives it for
    inbox_only: bool = False  # station staff reading for someone who cannot

    @property
    def key(self) -> str:
        if self.user is not None:
            return f"user:{self.user.pk}"
        assert self.phone is not None
        return "phone:" + crypto.keyed_hash(self.phone.number, PHONE_HASH_PURPOSE)[:64]


def notify(
    *,
    kind: str,
    recipients: Iterable[Any],
    payload: dict[str, Any] | None = None,
    link: str = "",
    urgent: bool = False,
    key: str,
    actor: Any = None,
    region_path: str = "",
    at: dt.datetime | None = None,
) -> Event | None:
    """Tell ``recipients`` (people, or :class:`Phone` numbers) about an event of ``kind``.

    ``key`` makes it idempotent: a second call with the same key tells nobody again. The actor
    (the person who caused it) is not told about their own action.
    """
    registry.kind(kind)  # an unknown kind is a programming error: say so at once
    arguments = {
        "kind": kind,
        "recipients": list(recipients),
        "payload": dict(payload or {}),
        "link": link,
        "urgent": urgent,
        "key": key,
        "actor": actor,
        "region_path": region_path,
        "at": at or timezone.now(),
    }
    if connection.in_atomic_block:
        # After the commit, and robustly: a failure is logged, the business action stands.
        transaction.on_commit(partial(record, **arguments), robust=True)
        return None
    return record(**arguments)


def record(
    *,
    kind: str,
    recipients: list[Any],
    payload: dict[str, Any],
    link: str,
    urgent: bool,
    key: str,
    actor: Any,
    region_path: str,
    at: dt.datetime,
) -> Event:
    definition = registry.kind(kind)
    with transaction.atomic():
        event, created = Event.objects.get_or_create(
            key=key[:200],
            defaults={
                "kind": kind,
                "payload": payload,
                "link": link[:300],
                "urgent": urgent,
                "region_path": region_path,
                "actor": actor if getattr(actor, "pk", None) else None,
                "created_at": at,
            },
        )
        if not created:
            return event
        targets = resolve(recipients, actor=actor)
        messages, deliveries = _build(definition, event, targets)
        Message.objects.bulk_create(messages, ignore_conflicts=True)
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        if deliveries:
            transaction.on_commit(partial(queue_delivery, event.pk), robust=True)
    return event


def queue_delivery(event_id: int) -> None:
    from minsheng.jobs.runner import enqueue

    enqueue(DELIVER_JOB, {"event": event_id})


# --- Who receives it ------------------------------------------------------------------------


def resolve(recipients: Iterable[Any], *, actor: Any = None) -> list[Target]:
    """The readers: each person, their family if they chose so, and their station's staff if
    they have neither a phone nor a log-in; the actor is left out."""
    actor_id = getattr(actor, "pk", None)
    direct: dict[str, Target] = {}
    for recipient in recipients:
        target = Target(phone=recipient) if isinstance(recipient, Phone) else Target(recipient)
        if target.user is not None and target.user.pk == actor_id:
            continue
        direct.setdefault(target.key, target)
    people = [t.user for t in direct.values() if t.user is not None]
    sharing = set(
        Preference.objects.filter(person__in=people, share_with_family=True).values_list(
            "person_id", flat=True
        )
    )
    extra: dict[str, Target] = {}
    for person in people:
        if person.pk in sharing:
            for relative in family_of(person):
                extra.setdefault(f"user:{relative.pk}", Target(relative, about=person))
        if not person.phone and not person.can_log_in:
            for staff in registry.proxies_for(person):
                extra.setdefault(f"user:{staff.pk}", Target(staff, about=person, inbox_only=True))
    for key, target in extra.items():
        if key not in direct and getattr(target.user, "pk", None) != actor_id:
            direct[key] = target
    return list(direct.values())


def family_of(person: User) -> list[User]:
    """Verified relatives who hold the family-member role."""
    ids = verified_relative_ids(person)
    holders = RoleAssignment.objects.filter(user_id__in=ids, role=Role.FAMILY_MEMBER).values_list(
        "user_id", flat=True
    )
    return list(User.objects.filter(pk__in=holders, is_active=True))


# --- What each receives -------------------------------------------------------------------------


def _build(
    kind: registry.Kind, event: Event, targets: list[Target]
) -> tuple[list[Message], list[Delivery]]:
    users = [t.user for t in targets if t.user is not None]
    preferences = {p.person_id: p for p in Preference.objects.filter(person__in=users)}
    with_push = set(
        User.objects.filter(pk__in=[u.pk for u in users], push_subscriptions__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    rendered: dict[tuple[str, int | None], Rendered] = {}
    messages, deliveries = [], []
    for target in targets:
        preference = preferences.get(target.user.pk) if target.user else None
        language = _language(target, preference)
        about = target.about
        cache_key = (language, about.pk if about else None)
        if cache_key not in rendered:
            rendered[cache_key] = render(
                kind,
                event.payload,
                language=language,
                link=event.link,
                about=about.name if about else "",
            )
        text = rendered[cache_key]
        if target.user is not None:
            messages.append(
                Message(
                    event=event,
                    recipient=target.user,
                    about=about,
                    title=text.title,
                    body=text.body,
                    link=event.link,
                    urgent=event.urgent,
                    created_at=event.created_at,
                )
            )
        for channel in channels_for(
            kind, target, preference, getattr(target.user, "pk", None) in with_push
        ):
            deliveries.append(_delivery(event, kind, target, channel, text, language, preference))
    return messages, deliveries


def channels_for(
    kind: registry.Kind, target: Target, preference: Preference | None, has_push: bool
) -> list[str]:
    if target.phone is not None:
        return [Channel.SMS] if Channel.SMS in kind.channels else []
    if target.inbox_only or target.user is None:
        return []
    person = target.user
    available = {
        Channel.SMS: bool(person.phone),
        Channel.EMAIL: bool(preference and preference.email),
        Channel.PUSH: has_push,
        Channel.WECHAT: bool(
            preference and preference.wechat_openid and wechat.template_for(kind.name)
        ),
    }
    return [
        channel
        for channel in kind.channels
        if available.get(Channel(channel), False)
        and (preference is None or preference.enabled(channel))
    ]


def _language(target: Target, preference: Preference | None) -> str:
    if target.phone is not None:
        return target.phone.language
    if preference and preference.language:
        return preference.language
    return getattr(target.user, "preferred_language", "") or "zh-hans"


def _delivery(
    event: Event,
    kind: registry.Kind,
    target: Target,
    channel: str,
    text: Rendered,
    language: str,
    preference: Preference | None,
) -> Delivery:
    now = timezone.now()
    delivery = Delivery(
        event=event,
        channel=channel,
        recipient=target.user,
        recipient_key=target.key,
        language=language,
        subject=text.title,
        text=text.body or text.title,
        created_at=now,
        next_attempt_at=now,
    )
    if target.phone is not None:
        delivery.address = target.phone.number
        delivery.address_masked = identity.mask_mobile(target.phone.number)
    elif target.user is not None and channel == Channel.SMS:
        delivery.address_masked = target.user.phone_masked
    if channel == Channel.SMS:
        delivery.text = text.sms
        delivery.segments = sms.segments(text.sms)
        later = None if event.urgent else after_quiet_hours(now, preference)
        if later is not None:
            delivery.status = Delivery.Status.DEFERRED
            delivery.next_attempt_at = later
    elif channel == Channel.EMAIL:
        delivery.text, delivery.html = render_email(text, language=language)
        delivery.address_masked = mask_email(preference.email if preference else "")
    elif channel == Channel.PUSH:
        delivery.text = text.body or text.title
        delivery.extra = {"url": text.link}
    elif channel == Channel.WECHAT:
        delivery.extra = {"data": _wechat_fields(kind, event, text)}
    return delivery


def _wechat_fields(kind: registry.Kind, event: Event, text: Rendered) -> dict[str, str]:
    fields = {}
    for name, source in kind.wechat_fields.items():
        value = text.title if source == "title" else event.payload.get(source, "")
        fields[name] = str(value)[:20]  # WeChat's "thing" fields hold at most 20 characters
    return fields or {"thing1": text.title[:20]}


def mask_email(address: str) -> str:
    name, _at, domain = address.partition("@")
    return f"{name[:1]}***@{domain}" if domain else ""


def after_quiet_hours(moment: dt.datetime, preference: Preference | None) -> dt.datetime | None:
    """When a text message written at ``moment`` may go out: ``None`` if at once, else the end
    of the person's quiet hours (by default 21:00 to 08:00, Beijing time)."""
    start = preference.quiet_start if preference else dt.time(21, 0)
    end = preference.quiet_end if preference else dt.time(8, 0)
    if start == end:
        return None
    local = timezone.localtime(moment)
    now = local.time()
    quiet = (start <= now < end) if start < end else (now >= start or now < end)
    if not quiet:
        return None
    resume = timezone.make_aware(dt.datetime.combine(local.date(), end))
    if resume <= local:
        resume += dt.timedelta(days=1)
    return resume
