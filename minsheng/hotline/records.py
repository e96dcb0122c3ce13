"""Cases in the database as :class:`CaseRecord` s: the export and the analyses read them here.

The record of a case is the same whether it is read from the database or from the file that
``export-cases`` writes. Personal data leaves only in keyed or masked form:

* ``caller_id`` is the caller's keyed hash (64 hex digits), so repeat callers can be counted
  without being identified; a caller known only by phone gets the phone's keyed hash instead
  (the analyses then still see repeat callers); importing such a file keeps the hash as it is;
* ``caller_name`` and ``caller_phone`` are masked (``张*``, ``138****5678``).

Counts are derived from the case's history: the latest ``imported`` event's account (the counts
its file row gave), plus the steps recorded here after it: ``dispatch_count`` (dispatched),
``return_count`` (returned), ``reopened`` (any reopening). A case never imported counts its events.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from minsheng.cases.casefile import CaseRecord
from minsheng.hotline.models import Case

# The latest imported account, then the events after it: two scans of the (case, kind) index.
EVENT_COUNTS = RawSQL(
    """WITH account AS (
           SELECT a.id, a.data FROM hotline_caseevent a
           WHERE a.case_id = hotline_case.id AND a.kind = 'imported'
           ORDER BY a.id DESC LIMIT 1)
       SELECT ARRAY[
           coalesce((SELECT (data ->> 'dispatch_count')::int FROM account), 0)
               + count(*) FILTER (WHERE e.kind = 'dispatched'),
           coalesce((SELECT (data ->> 'return_count')::int FROM account), 0)
               + count(*) FILTER (WHERE e.kind = 'returned'),
           coalesce((SELECT (data ->> 'reopened')::boolean::int FROM account), 0)
               + count(*) FILTER (WHERE e.kind = 'reopened')]
       FROM hotline_caseevent e
       WHERE e.case_id = hotline_case.id
         AND e.id > coalesce((SELECT id FROM account), 0)""",
    (),
)
COOPERATING_CODES = RawSQL(
    """SELECT coalesce(array_agg(o.code ORDER BY c.added_at, c.id), '{}')
       FROM hotline_cohandler c JOIN people_organisation o ON o.id = c.organisation_id
       WHERE c.case_id = hotline_case.id""",
    (),
)
FIELDS = (
    "id",
    "number",
    "received_at",
    "channel",
    "kind",
    "urgency",
    "caller_key_hash",
    "caller_phone_hash",
    "caller_name_masked",
    "caller_phone_masked",
    "title",
    "content",
    "community_name",
    "address",
    "latitude",
    "longitude",
    "responded_at",
    "handled_at",
    "closed_at",
    "result",
    "resolution",
    "callback_resolved",
    "satisfaction",
    "extra",
    "district__name",
    "subdistrict__name",
    "category__code",
    "lead_unit__code",
)


def case_records(queryset: QuerySet[Case], *, chunk_size: int = 2000) -> Iterator[CaseRecord]:
    """Stream ``queryset`` as records, in bounded memory (a server-side cursor)."""
    rows = (
        queryset.order_by("received_at", "id")
        .annotate(event_counts=EVENT_COUNTS, cooperating_codes=COOPERATING_CODES)
        .values(*FIELDS, "event_counts", "cooperating_codes")
    )
    for line, row in enumerate(rows.iterator(chunk_size=chunk_size), start=2):
        yield to_record(row, line)


def to_record(row: dict, line: int = 0) -> CaseRecord:
    dispatched, returned, reopened = row["event_counts"]
    return CaseRecord(
        line=line,
        number=row["number"],
        received_at=row["received_at"],
        content=row["content"],
        channel=row["channel"],
        kind=row["kind"],
        caller_id=row["caller_key_hash"] or row["caller_phone_hash"] or None,
        caller_name=row["caller_name_masked"] or None,
        caller_phone=row["caller_phone_masked"] or None,
        title=row["title"] or None,
        district=row["district__name"],
        subdistrict=row["subdistrict__name"],
        community=row["community_name"] or None,
        address=row["address"] or None,
        latitude=row["latitude"],
        longitude=row["longitude"],
        category=row["category__code"],
        urgency=row["urgency"],
        handling_unit=row["lead_unit__code"],
        cooperating_units=list(row["cooperating_codes"]),
        dispatch_count=dispatched,
        return_count=returned,
        reopened=reopened > 0,
        responded_at=row["responded_at"],
        handled_at=row["handled_at"],
        closed_at=row["closed_at"],
        result=row["result"] or None,
        resolution=row["resolution"] or None,
        resolved=row["callback_resolved"],
        satisfied=row["satisfaction"] or None,
        extra={str(k): str(v) for k, v in (row["extra"] or {}).items()},
    )
