"""The link shown on the case page and on the service request's page."""

from __future__ import annotations

from typing import Any

from minsheng import access
from minsheng.carelink.actions import (
    confirmation_text,
    may_turn_into_service,
    verification_text,
)
from minsheng.carelink.models import CareLink
from minsheng.core.modules import Panel, add_panel


def _evidence(link: CareLink) -> dict[str, Any]:
    if not link.evidence:
        return {}
    return {
        **link.evidence,
        "verified_text": verification_text(link.evidence),
        "confirmed_text": confirmation_text(link.evidence),
    }


@add_panel("hotline.case")
def on_case(user: Any, case: Any) -> Panel | None:
    link = (
        CareLink.objects.select_related("order__item", "order__station", "elder")
        .filter(case=case)
        .first()
    )
    if link is None:
        if may_turn_into_service(user, case):
            return Panel("carelink/case_offer.html", {"case": case})
        return None
    return Panel(
        "carelink/case_link.html",
        {
            "link": link,
            "evidence": _evidence(link),
            "order_visible": access.can(user, "timebank.view_order", link.order),
        },
    )


@add_panel("timebank.serviceorder")
def on_order(user: Any, order: Any) -> Panel | None:
    link = CareLink.objects.select_related("case").filter(order=order).first()
    if link is None:
        return None
    return Panel(
        "carelink/order_link.html",
        {"link": link, "case_visible": access.can(user, "hotline.view_case", link.case)},
    )
