"""Template helpers of the hotline pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

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
    }
    return render_to_string("hotline/_nav.html", {"hotline_nav": nav}, request=request)


@register.filter
def overdue_at(case: Any, now: dt.datetime) -> bool:
    return case.is_overdue(now)


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")
