"""Reply templates for handling units: the ones for a case's category, filled from the case."""

from __future__ import annotations

import string
from typing import Any

from django.db.models import Q
from django.utils import timezone

from minsheng.hotline.knowledge.models import ReplyTemplate
from minsheng.hotline.models import Case


class _Blanks(dict[str, str]):
    """Unknown placeholders stay as they were written, for the unit to fill in."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def values(case: Case) -> dict[str, str]:
    place = case.subdistrict or case.district
    return {
        "caller": case.caller_name_masked or "",
        "number": case.number,
        "received": timezone.localtime(case.received_at).strftime("%Y-%m-%d"),
        "place": (place.display_name if place else "") + (case.community_name or ""),
        "unit": case.lead_unit.display_name if case.lead_unit else "",
        "category": case.category.display_name if case.category else "",
    }


def fill(text: str, case: Case) -> str:
    try:
        return string.Formatter().vformat(text, (), _Blanks(values(case)))
    except (ValueError, IndexError):  # a stray brace: the text as written
        return text


def for_case(case: Case, limit: int = 3) -> list[dict[str, Any]]:
    """The active templates for the case's category (most specific first) and its lead unit."""
    code = case.category.code if case.category else ""
    prefixes = [code[:n] for n in (2, 4, 6) if len(code) >= n]
    found = ReplyTemplate.objects.filter(is_active=True).filter(
        Q(category__isnull=True) | Q(category__code__in=prefixes)
    )
    found = found.filter(Q(unit__isnull=True) | Q(unit_id=case.lead_unit_id))
    ordered = sorted(
        found.select_related("category"), key=lambda t: -len(t.category.code if t.category else "")
    )
    return [{"title": t.title, "text": fill(t.text, case)} for t in ordered[:limit]]
