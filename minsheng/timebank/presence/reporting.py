"""How settled visits were verified: the share of each method in an area and year.

One query: for each settled order, the weakest method of its signs (see ``guard.STRENGTH``);
an order settled with a sign the station did not confirm was settled by the station's dispute
decision, so it counts as the station's; an order without signs was signed before presence
checks existed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, Count, IntegerField, Max, OuterRef, QuerySet, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.timebank.models import OrderState, ServiceOrder
from minsheng.timebank.presence.guard import STRENGTH
from minsheng.timebank.presence.models import PresenceCheck

NOT_RECORDED = "unrecorded"
STATION_RANK = len(STRENGTH)  # the station: by confirmation or by its dispute decision


def _weakest_rank() -> Subquery:
    rank = Case(
        *[When(method=method, then=index + 1) for index, method in enumerate(STRENGTH)],
        default=STATION_RANK,
        output_field=IntegerField(),
    )
    return Subquery(
        PresenceCheck.objects.filter(order=OuterRef("pk"))
        .values("order")
        .annotate(rank=Max(rank))
        .values("rank")[:1],
        output_field=IntegerField(),
    )


def settled_in(orders: QuerySet[ServiceOrder], year: int | None = None) -> QuerySet[ServiceOrder]:
    settled = orders.filter(state=OrderState.SETTLED)
    if year is not None:
        zone = timezone.get_current_timezone()
        start = dt.datetime(year, 1, 1, tzinfo=zone)
        settled = settled.filter(closed_at__gte=start, closed_at__lt=start.replace(year=year + 1))
    return settled


def verification_shares(orders: QuerySet[ServiceOrder]) -> list[dict[str, Any]]:
    """Rows of method, label, count and share (percent) for the given settled orders."""
    counted = dict(
        orders.annotate(rank=_weakest_rank())
        .order_by()
        .values("rank")
        .annotate(n=Count("pk"))
        .values_list("rank", "n")
    )
    methods = {index + 1: str(method) for index, method in enumerate(STRENGTH)}
    counts = {methods[rank] if rank else NOT_RECORDED: n for rank, n in counted.items()}
    total = sum(counts.values())
    labels = {str(k): str(v) for k, v in PresenceCheck.Method.choices}
    labels[NOT_RECORDED] = _("not recorded (signed before presence checks)")
    return [
        {
            "method": method,
            "label": labels[method],
            "count": counts.get(method, 0),
            "share": round(100 * counts.get(method, 0) / total, 1) if total else 0,
        }
        for method in [*map(str, STRENGTH), NOT_RECORDED]
    ]
