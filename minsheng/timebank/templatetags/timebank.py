"""Showing minutes as people read them: coins, hours and minutes, stars."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minsheng.timebank.units import describe_balance, describe_minutes, format_coins

register = template.Library()


@register.filter
def coins(minutes: int | None) -> str:
    return format_coins(minutes or 0)


@register.filter
def duration(minutes: int | None) -> str:
    return "—" if minutes is None else describe_minutes(minutes)


@register.filter
def balance(minutes: int | None) -> str:
    """A balance in coins with its hours and minutes: the one way pages write an account."""
    return describe_balance(minutes or 0)


CHANNELS = {
    "web": gettext_lazy("on the website"),
    "api": gettext_lazy("through the app"),
    "admin": gettext_lazy("in the administration"),
    "command": gettext_lazy("by a scheduled task"),
    "system": gettext_lazy("by the system"),
}


@register.filter
def channel_label(code: str) -> str:
    """How a move was made, in words (never the internal code)."""
    return str(CHANNELS.get(code, code))


@register.filter
def place(order: object) -> str:
    """Where a service happens: the sub-district, then the address unless it only repeats it."""
    region = str(getattr(order, "region", "") or "")
    address = (getattr(order, "address", "") or "").strip()
    if not address or address == region:
        return region
    if not region:
        return address
    return f"{region} · {address}"


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
