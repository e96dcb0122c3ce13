"""Template helpers of the hotline pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from minsheng import access

register = template.Library()


@register.simple_tag(takes_context=True)
def hotline_nav(context: dict[str, Any]) -> SafeString:
    """The hotline's links in the main navigation, for what the user may use."""
    request = context["request"]
    user = request.user
    nav = {
        "console": access.can(user, "hotline.dispatch_case"),
        "workbench": access.can(user, "hotline.handle_case"),
        "dashboard": access.can(user, "hotline.view_dashboard"),
        "import": access.can(user, "hotline.import_cases"),
        "export": access.can(user, "hotline.export_cases"),
        "supervision": access.can(user, "hotline.view_supervision"),
        "working_days": access.can(user, "hotline.view_workdayexception"),
        "knowledge": access.can(user, "hotline.view_article"),
    }
    return render_to_string("hotline/_nav.html", {"hotline_nav": nav}, request=request)


@register.filter
def overdue_at(case: Any, now: dt.datetime) -> bool:
    return case.is_overdue(now)


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


@register.filter
def rating_label(rating: str) -> str:
    """The label of an online survey's five-level answer."""
    from minsheng.hotline.models import Rating

    return str(Rating(rating).label) if rating in Rating.values else ""


@register.filter
def online_rating(case: Any) -> str:
    """The five-level answer of the case's last survey, when it was answered online."""
    from minsheng.hotline.models import CaseEvent

    last = (
        case.events.filter(kind=CaseEvent.Kind.SURVEYED)
        .order_by("-at", "-id")
        .values_list("data", flat=True)
        .first()
    )
    return rating_label((last or {}).get("rating", ""))


@register.filter
def imported_steps(event: Any) -> list[dict[str, Any]]:
    """The steps an ``imported`` event's account stands for, labelled for the history table."""
    from minsheng.hotline.importing.history import history_steps
    from minsheng.hotline.models import CaseEvent, Result, Satisfaction

    labels = dict(CaseEvent.Kind.choices)
    steps = []
    for kind, at, detail in history_steps(event.data or {}):
        parts = [detail.get("unit") or ""]
        if detail.get("result"):
            parts.append(str(Result(detail["result"]).label))
        if detail.get("satisfaction"):
            parts.append(str(Satisfaction(detail["satisfaction"]).label))
        steps.append(
            {"label": labels.get(kind, kind), "at": at, "detail": " · ".join(p for p in parts if p)}
        )
    return steps


@register.filter
def corrections(event: Any) -> list[str]:
    """A ``corrected`` event's changes, one line each: what, before → after."""
    from minsheng.hotline.models import Category, Kind, Urgency
    from minsheng.regions.models import Region

    labels = {
        "category": _("Category"),
        "district": _("District"),
        "subdistrict": _("Sub-district or township"),
        "community": _("Community"),
        "address": _("Address"),
        "kind": _("Kind"),
        "urgency": _("Urgency"),
        "response_due": _("Respond by"),
        "handling_due": _("Handle by"),
    }

    def shown(name: str, value: Any) -> str:
        if value in (None, ""):
            return "—"
        if name == "category":
            found = Category.objects.filter(code=value).first()
            return f"{found.display_name} ({value})" if found else str(value)
        if name in ("district", "subdistrict"):
            region = Region.objects.filter(code=value).first()
            return region.display_name if region else str(value)
        if name == "kind":
            return str(Kind(value).label)
        if name == "urgency":
            return str(Urgency(value).label)
        if name.endswith("_due"):
            return timezone.localtime(dt.datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
        return str(value)

    return [
        f"{labels.get(name, name)}: {shown(name, before)} → {shown(name, after)}"
        for name, (before, after) in (event.data or {}).get("changes", {}).items()
    ]


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")
