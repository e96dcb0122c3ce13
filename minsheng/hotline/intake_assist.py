"""What the call-taker sees while typing: matching articles, the classifier's top three
categories with their confidence, the caller's previous cases, likely duplicates, and the unit
the dispatch rules would choose. Nothing is saved; one answer per pause in typing.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from minsheng import access
from minsheng.hotline import callers, dispatching, intake
from minsheng.hotline.knowledge import search
from minsheng.hotline.models import Case, Category, Status
from minsheng.people.models import User
from minsheng.regions.models import Region

PREVIOUS_CASES = 5


def draft_case(
    *, content: str, title: str = "", place: Region | None, category: Category | None
) -> Case:
    """An unsaved case with what was typed so far (for the classifier and the rules)."""
    case = Case(content=content, title=title, category=category, received_at=timezone.now())
    case.pk = 0  # the hints are keyed by id
    if place is not None:
        district = place if place.level == Region.Level.DISTRICT else place.parent
        subdistrict = place if place.level == Region.Level.SUBDISTRICT else None
        case.district, case.subdistrict = district, subdistrict
        case.region_path = place.path
    return case


def assist(
    *,
    user: User,
    content: str,
    title: str = "",
    phone: str = "",
    place: Region | None = None,
    category: Category | None = None,
) -> dict[str, Any]:
    access.require(user, "hotline.add_case")
    text = f"{title} {content}".strip()
    case = draft_case(content=content, title=title, place=place, category=category)
    hints = intake.category_hints([case], top=3).get(0, []) if content.strip() else []
    chosen = category or (hints[0].category if hints else None)
    case.category = chosen
    suggestion = dispatching.suggest(case) if (chosen or place) else None
    visible = access.scope(user, "hotline.view_case", Case.objects.all())
    return {
        "articles": [
            _article(a) for a in (search.search(text, region=place, limit=5) if text else [])
        ],
        "categories": [
            {
                "id": h.category.pk,
                "code": h.category.code,
                "name": h.category.display_name,
                "percent": h.percent,
                "unit": h.unit.display_name if h.unit else None,
            }
            for h in hints
        ],
        "unit": (
            {"name": suggestion.unit.display_name, "reason": str(suggestion.reason)}
            if suggestion and suggestion.unit
            else None
        ),
        "previous": [_case(c) for c in _previous(visible, phone)],
        "duplicates": [
            {**_case(other), "score": round(score, 2)}
            for other, score in (dispatching.duplicate_candidates(case) if place and text else [])
            if visible.filter(pk=other.pk).exists()
        ],
    }


def _previous(visible: Any, phone: str) -> list[Case]:
    """The caller's earlier cases, found by the keyed hash of the phone number."""
    if len(callers.normalise_phone(phone)) < 7:
        return []
    found = visible.filter(caller_phone_hash=callers.phone_hash(phone))
    return list(found.order_by("-received_at")[:PREVIOUS_CASES])


def _case(case: Case) -> dict[str, Any]:
    return {
        "number": case.number,
        "received": timezone.localtime(case.received_at).strftime("%Y-%m-%d"),
        "title": case.title or case.content[:40],
        "status": str(Status(case.status).label),
    }


def _article(article: Any) -> dict[str, Any]:
    return {
        "id": article.pk,
        "title": article.display_title,
        "body": article.body[:200],
        "kind": article.kind,
    }
