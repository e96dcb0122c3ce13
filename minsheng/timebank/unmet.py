"""The unmet-need board: requests that expired without a volunteer, by sub-district and kind of
help, beside the volunteers who offer that help there (where volunteers are missing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from minsheng.regions.models import Region
from minsheng.timebank.models import OrderState, ServiceCategory, ServiceOrder, VolunteerOffer

WINDOW = dt.timedelta(days=90)


@dataclass(frozen=True)
class Row:
    subdistrict: Region
    category: ServiceCategory
    expired: int
    offers: int

    @property
    def volunteers_missing(self) -> bool:
        return self.offers < self.expired


def expired_unbooked(area: Region, now: dt.datetime) -> QuerySet[ServiceOrder]:
    """Requests open for volunteers whose time passed with nobody booked, in the last 90 days."""
    return ServiceOrder.objects.filter(
        region__path__startswith=area.path,
        state=OrderState.APPROVED,
        volunteer__isnull=True,
        starts_at__lte=now,
        starts_at__gt=now - WINDOW,
    )


def board(area: Region, *, now: dt.datetime | None = None) -> list[Row]:
    """One row per sub-district and kind of help with expired requests, the worst first."""
    now = now or timezone.now()
    counts = (
        expired_unbooked(area, now)
        .values("station__region_id", "category_id")
        .annotate(n=Count("id"))
    )
    regions = Region.objects.in_bulk({c["station__region_id"] for c in counts})
    categories = ServiceCategory.objects.in_bulk({c["category_id"] for c in counts})
    rows = []
    for found in counts:
        subdistrict = regions[found["station__region_id"]]
        offers = (
            VolunteerOffer.objects.filter(active=True, categories=found["category_id"])
            .filter(
                Q(areas=subdistrict)
                | Q(areas__parent=subdistrict)
                | Q(volunteer__home_region__path__startswith=subdistrict.path)
            )
            .distinct()
            .count()
        )
        rows.append(Row(subdistrict, categories[found["category_id"]], found["n"], offers))
    rows.sort(key=lambda r: (-(r.expired - r.offers), -r.expired, r.subdistrict.path))
    return rows
