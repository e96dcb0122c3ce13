"""The settings of verified presence (environment variables, see docs/timebank.md)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings


def fence_radius_m() -> float:
    """How far from the door (metres) the phone's position still counts as at the door."""
    return float(getattr(settings, "MINSHENG_PRESENCE_RADIUS_M", 150))


def offline_delay() -> dt.timedelta:
    """How long after the moment it records a sign made offline is still accepted."""
    return dt.timedelta(hours=float(getattr(settings, "MINSHENG_PRESENCE_OFFLINE_HOURS", 24)))
