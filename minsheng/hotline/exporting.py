"""Choosing cases to export and writing them (the command and the web download share this)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from minsheng.cases.casefile import BEIJING, CaseRecord, CaseWriter
from minsheng.hotline.models import Case, Status
from minsheng.regions.models import Region


def filtered_cases(
    *,
    queryset: QuerySet[Case] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    district: str | None = None,
    category: str | None = None,
    unit: str | None = None,
    statuses: Iterable[str] | None = None,
) -> QuerySet[Case]:
    """Cases received between ``start`` and ``end`` (Beijing days, inclusive), and so on."""
    cases = queryset if queryset is not None else Case.objects.all()
    if start:
        cases = cases.filter(received_at__gte=dt.datetime.combine(start, dt.time(), BEIJING))
    if end:
        after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), BEIJING)
        cases = cases.filter(received_at__lt=after)
    if district:
        region = Region.objects.filter(
            Q(code=district) | Q(name=district), level=Region.Level.DISTRICT
        ).first()
        if region is None:
            raise ValueError(_("Unknown district “%(name)s”.") % {"name": district})
        cases = cases.filter(region_path__startswith=region.path)
    if category:
        cases = cases.filter(category__code__startswith=category)
    if unit:
        cases = cases.filter(lead_unit__code=unit)
    if statuses:
        unknown = set(statuses) - set(Status.values)
        if unknown:
            raise ValueError(_("Unknown status: %(status)s") % {"status": ", ".join(unknown)})
        cases = cases.filter(status__in=list(statuses))
    return cases


def write_cases(writer: CaseWriter, records: Iterable[CaseRecord]) -> int:
    count = 0
    for record in records:
        writer.write(record.as_row())
        count += 1
    return count
