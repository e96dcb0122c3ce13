"""How signed time becomes credited time (a policy: see ``policies.py``)."""

from __future__ import annotations

import datetime as dt

from minsheng.timebank.policies import Policy


def signed_minutes(signed_in_at: dt.datetime, signed_out_at: dt.datetime) -> int:
    """Whole minutes between sign-in and sign-out (never negative)."""
    return max(0, int((signed_out_at - signed_in_at).total_seconds() // 60))


def round_minutes(minutes: int, step: int, mode: str) -> int:
    if step <= 0:
        return minutes
    if mode == "down":
        return minutes // step * step
    if mode == "up":
        return -(-minutes // step) * step
    return (minutes + step // 2) // step * step  # nearest, halves up


def credited_minutes(*, signed: int, booked: int, policy: Policy) -> int:
    """Actual signed minutes, capped at the booked duration plus the tolerance, optionally
    rounded (never beyond that cap) and capped by the per-service maximum."""
    ceiling = booked + policy.sign_tolerance_minutes
    minutes = min(max(signed, 0), ceiling)
    minutes = min(round_minutes(minutes, policy.rounding_minutes, policy.rounding_mode), ceiling)
    if policy.per_service_max_minutes:
        minutes = min(minutes, policy.per_service_max_minutes)
    return minutes
