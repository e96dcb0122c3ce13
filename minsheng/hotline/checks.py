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
    errors += _deadline_rule_errors()
    if not 0 <= conf.basically_satisfied_weight() <= 1:
        errors.append(
            Error("HOTLINE_BASICALLY_SATISFIED_WEIGHT must be between 0 and 1.", id="hotline.E004")
        )
    if not 0 < conf.amber_share() < 1:
        errors.append(Error("HOTLINE_AMBER_SHARE must be between 0 and 1.", id="hotline.E005"))
    if not isinstance(conf.case_link_days(), int) or conf.case_link_days() < 1:
        errors.append(Error("HOTLINE_CASE_LINK_DAYS must be at least 1.", id="hotline.E006"))
    unknown = set(conf.anonymous_kinds()) - set(Kind.values)
    if unknown:
        errors.append(
            Error(
                f"HOTLINE_ANONYMOUS_KINDS holds unknown kinds {sorted(unknown)}; "
                f"choose among {sorted(Kind.values)}.",
                id="hotline.E007",
            )
        )
    return errors


def _deadline_rule_errors() -> list[Error]:
    from minsheng.hotline.deadlines import Rule

    errors = []
    for name, table, keys in (
        ("HOTLINE_RESPONSE_RULES", conf.response_rules(), Urgency.values),
        ("HOTLINE_HANDLING_RULES", conf.handling_rules(), Kind.values),
        ("HOTLINE_HANDLING_CAP_RULES", conf.handling_cap_rules(), ()),
    ):
        missing = set(keys) - set(table)
        bad = []
        for key, text in table.items():
            try:
                Rule.parse(text)
            except ValueError:
                bad.append(key)
        if missing or bad:
            errors.append(
                Error(
                    f"{name} needs a rule such as '10 working days' or '4 hours' for each of "
                    f"{sorted(keys) or 'its keys'}.",
                    id="hotline.E003",
                )
            )
    return errors
