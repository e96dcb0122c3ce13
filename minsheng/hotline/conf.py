"""The hotline's settings, with documented defaults.

Deadlines and assessment weights are policy, not law: Beijing's exact figures are not published in
one place, so every number here is a default that ``settings.py`` (or the environment through it)
may override. System checks (``checks.py``) refuse malformed values at start-up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

# Hours within which the handling unit must first contact the caller, by urgency.
DEFAULT_RESPONSE_HOURS: dict[str, float] = {"normal": 24, "urgent": 4, "emergency": 2}
# Days within which the unit must report its result, by kind; urgency caps them below.
DEFAULT_HANDLING_DAYS: dict[str, float] = {
    "consultation": 7,
    "help": 7,
    "complaint": 15,
    "report": 15,
    "suggestion": 15,
    "praise": 7,
}
DEFAULT_HANDLING_DAYS_CAP: dict[str, float] = {"urgent": 3, "emergency": 1}
# Composite score = weights · (response, resolution, satisfaction) rates; a commonly cited split.
DEFAULT_WEIGHTS: tuple[float, float, float] = (10, 45, 45)
# How much a "basically satisfied" answer counts towards the satisfaction rate.
DEFAULT_BASICALLY_SATISFIED_WEIGHT = 0.8
# Duplicate candidates: similar text at the same place within this many days.
DEFAULT_DUPLICATE_WINDOW_DAYS = 7


def _get(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def response_hours() -> dict[str, float]:
    return {**DEFAULT_RESPONSE_HOURS, **_get("HOTLINE_RESPONSE_HOURS", {})}


def handling_days() -> dict[str, float]:
    return {**DEFAULT_HANDLING_DAYS, **_get("HOTLINE_HANDLING_DAYS", {})}


def handling_days_cap() -> dict[str, float]:
    return {**DEFAULT_HANDLING_DAYS_CAP, **_get("HOTLINE_HANDLING_DAYS_CAP", {})}


def weights() -> tuple[float, float, float]:
    response, resolution, satisfaction = _get("HOTLINE_WEIGHTS", DEFAULT_WEIGHTS)
    return float(response), float(resolution), float(satisfaction)


def basically_satisfied_weight() -> float:
    return float(_get("HOTLINE_BASICALLY_SATISFIED_WEIGHT", DEFAULT_BASICALLY_SATISFIED_WEIGHT))


def duplicate_window() -> dt.timedelta:
    return dt.timedelta(days=_get("HOTLINE_DUPLICATE_WINDOW_DAYS", DEFAULT_DUPLICATE_WINDOW_DAYS))


def deadlines(
    kind: str | None, urgency: str | None, start: dt.datetime
) -> tuple[dt.datetime, dt.datetime]:
    """(respond by, handle by) for a case of ``kind`` and ``urgency`` received at ``start``."""
    urgency = urgency or "normal"
    hours = response_hours().get(urgency, response_hours()["normal"])
    days = handling_days().get(kind or "complaint", 15)
    cap = handling_days_cap().get(urgency)
    if cap is not None:
        days = min(days, cap)
    return start + dt.timedelta(hours=hours), start + dt.timedelta(days=days)
