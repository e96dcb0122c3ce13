"""Showing minutes as people read them: coins, hours and minutes, stars."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from minsheng.timebank.units import describe_minutes, format_coins

register = template.Library()


@register.filter
def coins(minutes: int | None) -> str:
    return format_coins(minutes or 0)


@register.filter
def duration(minutes: int | None) -> str:
    return "—" if minutes is None else describe_minutes(minutes)


@register.filter
def stars(level: int) -> str:
    label = _("%(level)s of 5 stars") % {"level": level}
    return format_html(
        '<span class="stars" role="img" aria-label="{}">{}{}</span>',
        label,
        "★" * level,
        "☆" * (5 - level),
    )


@register.filter
def masked_name(person: object) -> str:
    """张** for people outside one's own circle (open requests shown to volunteers)."""
    name = getattr(person, "name", "") or ""
    return name[:1] + "*" * max(len(name) - 1, 1)
