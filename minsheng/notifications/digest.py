"""The weekly digest: what waits for each member of staff (the home page's "waiting for you",
from every module's attention sources), as an e-mail on Monday morning."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation

from minsheng.core.modules import attention_for
from minsheng.notifications.sending import notify
from minsheng.people.models import RoleAssignment, User
from minsheng.people.roles import Role

DIGEST_KIND = "notifications.weekly_digest"
# Residents' waiting work is told as it happens; the digest is for the roles that work queues.
RESIDENT_ROLES = {Role.VOLUNTEER, Role.ELDER, Role.FAMILY_MEMBER}


def send_weekly(*, today: dt.date | None = None, force: bool = False) -> int:
    """On Mondays (or when forced), one digest per member of staff with work waiting."""
    today = today or timezone.localdate()
    if today.weekday() != 0 and not force:
        return 0
    year, week, _day = today.isocalendar()
    staff = (
        RoleAssignment.objects.exclude(role__in=RESIDENT_ROLES)
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    for person in User.objects.filter(pk__in=staff, is_active=True).select_related(
        "notification_preference"
    ):
        sent += digest_for(person, key=f"digest:{person.pk}:{year}-W{week:02d}")
    return sent


def digest_for(person: User, *, key: str) -> int:
    preference = getattr(person, "notification_preference", None)
    language = (preference.language if preference else "") or person.preferred_language
    with translation.override(language):
        items = [f"• {item.text}" for item in attention_for(person)]
    if not items:
        return 0
    notify(
        kind=DIGEST_KIND,
        recipients=[person],
        payload={"count": len(items), "items": "\n".join(items)},
        link=reverse("web:home"),
        key=key,
        region_path=person.audit_region_path,
    )
    return 1
