"""System checks for the hotline's settings (deadlines and weights)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from minsheng.hotline import conf
from minsheng.hotline.models import Kind, Urgency


@register()
def check_hotline_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    try:
        weights = conf.weights()
    except (TypeError, ValueError):
        return [Error("HOTLINE_WEIGHTS must be three numbers.", id="hotline.E001")]
    if any(w < 0 for w in weights) or sum(weights) <= 0:
        errors.append(
            Error("HOTLINE_WEIGHTS must be non-negative, not all zero.", id="hotline.E002")
        )
    for name, table, keys in (
        ("HOTLINE_RESPONSE_HOURS", conf.response_hours(), Urgency.values),
        ("HOTLINE_HANDLING_DAYS", conf.handling_days(), Kind.values),
    ):
        missing = set(keys) - set(table)
        bad = [k for k, v in table.items() if not isinstance(v, int | float) or v <= 0]
        if missing or bad:
            errors.append(
                Error(
                    f"{name} needs a positive number for each of {sorted(keys)}.", id="hotline.E003"
                )
            )
    if not 0 <= conf.basically_satisfied_weight() <= 1:
        errors.append(
            Error("HOTLINE_BASICALLY_SATISFIED_WEIGHT must be between 0 and 1.", id="hotline.E004")
        )
    return errors
