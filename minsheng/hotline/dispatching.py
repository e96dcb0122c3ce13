"""Where a case should go (接诉即办: straight to the sub-district, or to a department by category),
and which earlier cases it may duplicate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from minsheng.hotline import conf
from minsheng.hotline.models import Case, DispatchRule, Status
from minsheng.people.models import Organisation


@dataclass
class Suggestion:
    unit: Organisation | None
    cooperating: list[Organisation] = field(default_factory=list)
    rule: DispatchRule | None = None
    reason: str = ""


def matching_rules(case: Case, rules: list[DispatchRule]) -> list[DispatchRule]:
    """Active rules covering the case, most specific first (category depth, then region depth)."""
    code = case.category.code if case.category_id and case.category else ""
    path = case.region_path
    matches = [
        rule
        for rule in rules
        if rule.is_active
        and (rule.category is None or (code and code.startswith(rule.category.code)))
        and (rule.region is None or (path and path.startswith(rule.region.path)))
    ]
    return sorted(
        matches,
        key=lambda r: (
            -(len(r.category.code) if r.category else 0),
            -(r.region.level if r.region else 0),
        ),
    )


def active_rules() -> list[DispatchRule]:
    return list(
        DispatchRule.objects.filter(is_active=True)
        .select_related("category", "region", "unit")
        .prefetch_related("cooperating_units")
    )


def suggest(case: Case, rules: list[DispatchRule] | None = None) -> Suggestion:
    """The unit the rules name for this case; by default the sub-district office where it is."""
    for rule in matching_rules(case, active_rules() if rules is None else rules):
        unit = _rule_unit(rule, case)
        if unit is not None:
            return Suggestion(
                unit,
                list(rule.cooperating_units.all()),
                rule,
                _("By the rule: %(rule)s") % {"rule": rule},
            )
    unit = _local_office(case, DispatchRule.Target.SUBDISTRICT) or _local_office(
        case, DispatchRule.Target.DISTRICT
    )
    if unit is None:
        return Suggestion(None, reason=_("No rule applies and the place is unknown."))
    return Suggestion(unit, reason=_("Directly to the office where the problem is."))


def _rule_unit(rule: DispatchRule, case: Case) -> Organisation | None:
    if rule.target == DispatchRule.Target.UNIT:
        return rule.unit
    return _local_office(case, rule.target)


def _local_office(case: Case, target: str) -> Organisation | None:
    if target == DispatchRule.Target.SUBDISTRICT and case.subdistrict:
        code = f"SD-{case.subdistrict.code}"
    elif target == DispatchRule.Target.DISTRICT and case.district:
        code = f"DG-{case.district.code}"
    else:
        return None
    return Organisation.objects.filter(code=code, is_active=True).first()


# --- Duplicates ---------------------------------------------------------------------------------


def _bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if not ch.isspace())
    return {text[i : i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of character bigrams: works for Chinese without segmentation."""
    first, second = _bigrams(a), _bigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def duplicate_candidates(
    case: Case, *, limit: int = 5, threshold: float = 0.25
) -> list[tuple[Case, float]]:
    """Earlier or later cases at the same place within the window, with similar text."""
    window = conf.duplicate_window()
    nearby = (
        Case.objects.exclude(pk=case.pk)
        .exclude(status=Status.MERGED)
        .filter(
            received_at__gte=case.received_at - window,
            received_at__lte=case.received_at + dt.timedelta(days=1) + window,
        )
    )
    if case.subdistrict_id:
        nearby = nearby.filter(subdistrict_id=case.subdistrict_id)
    elif case.district_id:
        nearby = nearby.filter(district_id=case.district_id)
    elif case.address:
        nearby = nearby.filter(address=case.address)
    else:
        return []
    text = f"{case.title} {case.content}"
    scored = []
    for other in nearby.only(
        "id", "number", "title", "content", "address", "received_at", "status"
    ).order_by("-received_at")[:300]:
        score = similarity(text, f"{other.title} {other.content}")
        if case.address and other.address == case.address:
            score += 0.2
        if score >= threshold:
            scored.append((other, min(score, 1.0)))
    return sorted(scored, key=lambda pair: -pair[1])[:limit]
