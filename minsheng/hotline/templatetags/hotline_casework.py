"""The case page's casework block: signal, waiting, urging, the cooperating units' replies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from minsheng import access
from minsheng.hotline import urging, waiting
from minsheng.hotline.knowledge import replies, search
from minsheng.hotline.models import CaseEvent, Status

register = template.Library()


@register.filter
def signal_at(case: Any, now: dt.datetime) -> str:
    """``green``, ``amber`` or ``red`` (the class and the word come from it)."""
    return urging.signal(case, now)


@register.simple_tag
def signal_label(signal: str) -> str:
    return str(urging.Signal(signal).label)


@register.inclusion_tag("hotline/_casework.html", takes_context=True)
def casework(context: dict[str, Any], case: Any, leads: bool) -> dict[str, Any]:
    user = context["request"].user
    now = timezone.now()
    cooperating = {c.organisation_id for c in case.cooperating.all()}
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "case": case,
        "now": now,
        "signal": urging.signal(case, now),
        "may_urge": case.status in urging.WORKING and access.can(user, "hotline.urge_case", case),
        "urgings": case.urgings.select_related("unit", "by").order_by("-at")[:20],
        "may_wait": leads and case.status in waiting.MAY_WAIT and case.waiting_since is None,
        "may_resume": leads and case.waiting_since is not None,
        # The lead unit (and the dispatcher) read what the cooperating units reported.
        "replies": case.events.filter(kind=CaseEvent.Kind.NOTE, unit_id__in=cooperating)
        .select_related("unit", "actor")
        .order_by("at"),
        "with_unit": case.status not in (Status.RECEIVED, Status.RETURNED),
        "articles": _articles(user, case),
        "templates": replies.for_case(case) if leads and case.status in urging.WORKING else [],
    }


def _articles(user: Any, case: Any) -> list[Any]:
    """The knowledge base's articles for the case's words, for those who work on it."""
    if not case.is_open or not access.can(user, "hotline.view_article"):
        return []
    place = case.subdistrict or case.district
    return search.search(f"{case.title} {case.content}", region=place, limit=3)
