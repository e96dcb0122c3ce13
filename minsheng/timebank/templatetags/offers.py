"""Filters of the offer and matching pages: distances in words, weekly slots."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from minsheng.timebank.offer_forms import WEEKDAYS

register = template.Library()


@register.filter
def distance(metres: int | None) -> str:
    """800 metres or 1.2 km; a volunteer's area when no distance is known."""
    if metres is None:
        return _("in the volunteer's area")
    if metres < 1000:
        return _("%(metres)s m") % {"metres": metres}
    return _("%(km)s km") % {"km": f"{metres / 1000:.1f}"}


@register.filter
def weekly(slots: list[Any]) -> str:
    """``[[0, 540, 720]]`` as "Monday 9:00-12:00"."""
    parts = []
    for day, first, last in slots or []:
        parts.append(
            _("%(day)s %(start)s-%(end)s")
            % {
                "day": WEEKDAYS[int(day)],
                "start": f"{first // 60}:{first % 60:02d}",
                "end": f"{last // 60}:{last % 60:02d}",
            }
        )
    return _(", ").join(parts) if parts else _("no fixed times")
