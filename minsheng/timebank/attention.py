"""What waits on the home page of station operators: requests to review, disputes to decide."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import ngettext

from minsheng import access
from minsheng.core.modules import Attention, add_attention
from minsheng.timebank.models import OrderState, ServiceOrder


@add_attention
def station_work(user: Any) -> list[Attention]:
    if not access.can(user, "timebank.review_order"):
        return []
    orders = access.scope(user, "timebank.view_order", ServiceOrder.objects.all())
    counts = orders.aggregate(
        posted=Count("pk", filter=Q(state=OrderState.POSTED)),
        disputed=Count("pk", filter=Q(state=OrderState.DISPUTED)),
    )
    found = []
    if counts["disputed"]:
        found.append(
            Attention(
                ngettext(
                    "%(n)s dispute waits for the station's decision.",
                    "%(n)s disputes wait for the station's decision.",
                    counts["disputed"],
                )
                % {"n": counts["disputed"]},
                "timebank:station",
                urgent=True,
            )
        )
    if counts["posted"]:
        found.append(
            Attention(
                ngettext(
                    "%(n)s service request waits for review.",
                    "%(n)s service requests wait for review.",
                    counts["posted"],
                )
                % {"n": counts["posted"]},
                "timebank:station",
            )
        )
    return found
