"""The hotline's settings, with documented defaults.

Deadlines and assessment weights are policy, not law: Beijing's exact figures are not published in
one place, so every number here is a default that ``settings.py`` (or the environment through it)
may override. System checks (``checks.py``) refuse malformed values at start-up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

# Deadline rules, each "<number> [working ]hours|days" (see ``deadlines.Rule``). Working time
# follows China's official calendar (``workdays``); plain hours and days run through nights,
# weekends and holidays. First contact with the caller, by urgency:
DEFAULT_RESPONSE_RULES: dict[str, str] = {
    "normal": "24 working hours",
    "urgent": "4 hours",
    "emergency": "2 hours",
}
# The unit's result, by kind (about the 7 and 15 calendar days of the earlier defaults)...
DEFAULT_HANDLING_RULES: dict[str, str] = {
    "consultation": "5 working days",
    "help": "5 working days",
    "complaint": "10 working days",
    "report": "10 working days",
    "suggestion": "10 working days",
    "praise": "5 working days",
}
# ... or sooner for urgent cases (whichever comes first).
DEFAULT_HANDLING_CAP_RULES: dict[str, str] = {"urgent": "3 working days", "emergency": "1 day"}
# Composite score = weights · (response, resolution, satisfaction) rates; a commonly cited split.
DEFAULT_WEIGHTS: tuple[float, float, float] = (10, 45, 45)
# How much a "basically satisfied" answer counts towards the satisfaction rate.
DEFAULT_BASICALLY_SATISFIED_WEIGHT = 0.8
# Duplicate candidates: similar text at the same place within this many days.
DEFAULT_DUPLICATE_WINDOW_DAYS = 7
# A unit is ranked in a month only with at least this many cases (fewer: shown, not ranked).
DEFAULT_RANKING_MIN_CASES = 10
# The signed link to a resident's own case (in the reply text message) works this many days.
DEFAULT_CASE_LINK_DAYS = 30
# Kinds a resident may report anonymously without a phone; the others need a verified phone,
# so that the unit can call back (a complaint, a report, a request for help).
DEFAULT_ANONYMOUS_KINDS: tuple[str, ...] = ("suggestion", "praise")
# Urging: a case turns amber when less than this share of a step's time is left (``urging``).
DEFAULT_AMBER_SHARE = 0.25


def _get(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def response_rules() -> dict[str, str]:
    return {**DEFAULT_RESPONSE_RULES, **_get("HOTLINE_RESPONSE_RULES", {})}


def handling_rules() -> dict[str, str]:
    return {**DEFAULT_HANDLING_RULES, **_get("HOTLINE_HANDLING_RULES", {})}


def handling_cap_rules() -> dict[str, str]:
    return {**DEFAULT_HANDLING_CAP_RULES, **_get("HOTLINE_HANDLING_CAP_RULES", {})}


def weights() -> tuple[float, float, float]:
    response, resolution, satisfaction = _get("HOTLINE_WEIGHTS", DEFAULT_WEIGHTS)
    return float(response), float(resolution), float(satisfaction)


def basically_satisfied_weight() -> float:
    return float(_get("HOTLINE_BASICALLY_SATISFIED_WEIGHT", DEFAULT_BASICALLY_SATISFIED_WEIGHT))


def amber_share() -> float:
    """A case turns amber when less than this share of the time allowed for a step is left."""
    return float(_get("HOTLINE_AMBER_SHARE", DEFAULT_AMBER_SHARE))


def ranking_min_cases() -> int:
    return int(_get("HOTLINE_RANKING_MIN_CASES", DEFAULT_RANKING_MIN_CASES))


def duplicate_window() -> dt.timedelta:
    return dt.timedelta(days=_get("HOTLINE_DUPLICATE_WINDOW_DAYS", DEFAULT_DUPLICATE_WINDOW_DAYS))


def case_link_days() -> int:
    return int(_get("HOTLINE_CASE_LINK_DAYS", DEFAULT_CASE_LINK_DAYS))


def anonymous_kinds() -> tuple[str, ...]:
    """Kinds that may be reported online without a phone (and so without a call-back)."""
    return tuple(_get("HOTLINE_ANONYMOUS_KINDS", DEFAULT_ANONYMOUS_KINDS))


def deadlines(
    kind: str | None, urgency: str | None, start: dt.datetime
) -> tuple[dt.datetime, dt.datetime]:
    """(respond by, handle by) for a case of ``kind`` and ``urgency`` received at ``start``."""
    from minsheng.hotline import deadlines as rules

    return rules.deadlines(kind, urgency, start)
