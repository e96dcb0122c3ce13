"""Bulk import of case files (docs/case-format.md), streaming, by batches.

Each batch of rows is copied (PostgreSQL ``COPY``) into a temporary table and applied with one
``INSERT … ON CONFLICT (number) DO UPDATE``: a case number already present is updated, never
duplicated. The events a row implies (dispatches, returns, contact, result, call-back, closing)
are appended as far as the case's history lacks them, so re-importing a file adds nothing.

Every row is accounted for: imported, updated, or rejected with its line and reason. A batch is
one transaction; if the database refuses it, the batch is retried row by row (each in a
savepoint), so a bad row is rejected alone and no row is ever half-applied.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.audit.actions import record as audit
from minsheng.core import crypto
from minsheng.hotline import callers, conf
from minsheng.hotline.casefile import CaseRecord, RowError, read_cases, read_header
from minsheng.hotline.models import Category, Status
from minsheng.people.models import Organisation
from minsheng.regions.models import Region

BATCH_SIZE = 5000
# Columns written for each case, in the order of the COPY.
CASE_COLUMNS = (
    "number", "received_at", "channel", "kind", "urgency", "caller_key_hash",
    "caller_key_masked", "caller_name", "caller_name_masked", "caller_phone",
    "caller_phone_hash", "caller_phone_masked", "title", "content", "district_id",
    "subdistrict_id", "community_id", "community_name", "region_path", "address", "latitude",
    "longitude", "category_id", "lead_unit_id", "status", "response_due", "handling_due",
    "dispatched_at", "responded_at", "handled_at", "closed_at", "result", "resolution",
    "callback_resolved", "satisfaction", "extra", "source", "created_at", "updated_at",
)  # fmt: skip
# On re-import these keep their values: they belong to this platform, not to the source file.
KEPT_ON_UPDATE = {"number", "created_at", "source"}
EVENT_COLUMNS = ("case_id", "kind", "at", "unit_id", "from_status", "to_status", "note", "data")
IMPORT_NOTE = "import"


@dataclass
class Summary:
    """What happened to every row of the file."""

    path: str
    imported: int = 0
    updated: int = 0
    rejected: list[RowError] = field(default_factory=list)
    events: int = 0

    @property
    def rows(self) -> int:
        return self.imported + self.updated + len(self.rejected)

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.path, "rows": self.rows, "imported": self.imported,
                "updated": self.updated, "rejected": len(self.rejected), "events": self.events}  # fmt: skip


# --- Resolving names and codes ------------------------------------------------------------------


class Lookups:
    """Region, category and unit names/codes, loaded once per import."""

    def __init__(self) -> None:
        self.regions: dict[int, Region] = {}
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[tuple[int, str], list[Region]] = {}
        for region in Region.objects.filter(level__gte=2).only(
            "id", "code", "name", "name_en", "level", "path", "parent_id"
        ):
            self.regions[region.id] = region
            self.by_code[region.code] = region
            for name in _region_names(region):
                self.by_name.setdefault((region.level, name), []).append(region)
        categories = list(Category.objects.only("id", "code", "name", "name_en", "level"))
        self.category_by_code = {c.code: c for c in categories}
        self.category_by_name: dict[str, Category] = {}
        self.category_by_path: dict[str, Category] = {}
        by_id = {c.id: c for c in categories}
        for category in sorted(categories, key=lambda c: c.level):
            self.category_by_name[category.name] = category  # deeper levels win
            if category.name_en:
                self.category_by_name[category.name_en.lower()] = category
        for category in categories:
            names, node = [], category
            while node is not None:
                names.insert(0, node.name)
                node = by_id.get(node.parent_id) if node.parent_id else None
            self.category_by_path["/".join(names)] = category
        self.units: dict[str, Organisation] = {}
        for unit in Organisation.objects.only("id", "code", "name", "name_en"):
            self.units[unit.code.lower()] = unit
            self.units.setdefault(unit.name, unit)
            if unit.name_en:
                self.units.setdefault(unit.name_en.lower(), unit)

    def region(self, text: str | None, level: int, within: Region | None) -> Region | None:
        if not text:
            return None
        region = self.by_code.get(text)
        if region is None:
            candidates = self.by_name.get((level, text)) or self.by_name.get(
                (level, text.lower()), []
            )
            if within is not None:
                candidates = [c for c in candidates if c.path.startswith(within.path)]
            if len(candidates) > 1:
                raise ValueError(
                    _("“%(name)s” names several places: give the code or the district.")
                    % {"name": text}
                )
            region = candidates[0] if candidates else None
        if region is None or region.level != level:
            raise ValueError(_("Unknown place “%(name)s”.") % {"name": text})
        if within is not None and not region.path.startswith(within.path):
            raise ValueError(
                _("%(lower)s is not in %(higher)s.") % {"lower": text, "higher": within.name}
            )
        return region

    def category(self, text: str | None) -> Category | None:
        if not text:
            return None
        text = text.replace("／", "/").replace(" / ", "/").strip()
        found = (
            self.category_by_code.get(text)
            or self.category_by_path.get(text)
            or self.category_by_name.get(text)
            or self.category_by_name.get(text.lower())
            or self.category_by_name.get(text.rsplit("/", 1)[-1])
        )
        if found is None:
            raise ValueError(_("Unknown category “%(name)s”.") % {"name": text})
        return found

    def unit(self, text: str | None) -> Organisation | None:
        if not text:
            return None
        found = self.units.get(text.lower()) or self.units.get(text)
        if found is None:
            raise ValueError(_("Unknown handling unit “%(name)s”.") % {"name": text})
        return found


def _region_names(region: Region) -> set[str]:
    names = {region.name, region.name_en.lower()} if region.name_en else {region.name}
    for suffix in ("街道", "地区", "镇", "乡", "区", "社区"):
        if region.name.endswith(suffix) and len(region.name) > len(suffix) + 1:
            names.add(region.name.removesuffix(suffix))
    return names - {""}


# --- Turning a record into rows -----------------------------------------------------------------


@dataclass
class Prepared:
    record: CaseRecord
    values: dict[str, Any]
    cooperating: list[int]
    events: list[tuple[str, dt.datetime, int | None, dict[str, Any]]]


def status_of(record: CaseRecord) -> str:
    """Closed if closed; otherwise without a unit it awaits dispatch; then the last step taken."""
    if record.closed_at:
        return Status.CLOSED
    if not record.handling_unit:
        return Status.RECEIVED
    if record.handled_at:
        return Status.HANDLED
    if record.responded_at:
        return Status.RESPONDED
    if record.handling_unit:
        return Status.DISPATCHED
    return Status.RECEIVED


def prepare(record: CaseRecord, lookups: Lookups, now: dt.datetime) -> Prepared:
    """Resolve and check one record; raises ValueError with the reason to reject it."""
    district = lookups.region(record.district, Region.Level.DISTRICT, None)
    subdistrict = lookups.region(record.subdistrict, Region.Level.SUBDISTRICT, district)
    community = None
    if record.community:
        try:
            community = lookups.region(record.community, Region.Level.COMMUNITY, subdistrict)
        except ValueError:
            community = None  # communities outside the region tree are kept by name
    if community is not None and subdistrict is None:
        subdistrict = lookups.regions[community.parent_id]
    if subdistrict is not None and district is None:
        district = lookups.regions[subdistrict.parent_id]
    category = lookups.category(record.category)
    unit = lookups.unit(record.handling_unit)
    cooperating = [lookups.unit(name) for name in record.cooperating_units]
    for name in ("responded_at", "handled_at", "closed_at"):
        value = getattr(record, name)
        if value is not None and value < record.received_at:
            raise ValueError(_("%(column)s is earlier than received_at.") % {"column": name})
    status = status_of(record)
    lowest = community or subdistrict or district
    response_due, handling_due = conf.deadlines(record.kind, record.urgency, record.received_at)
    dispatch_count = record.dispatch_count
    if dispatch_count is None:
        dispatch_count = 1 if unit is not None else 0
    values = {
        "number": record.number[:64],
        "received_at": record.received_at,
        "channel": record.channel or "other",
        "kind": record.kind or "complaint",
        "urgency": record.urgency or "normal",
        **_caller_values(record),
        "title": (record.title or "")[:200],
        "content": record.content,
        "district_id": district.id if district else None,
        "subdistrict_id": subdistrict.id if subdistrict else None,
        "community_id": community.id if community else None,
        "community_name": (record.community or (community.name if community else ""))[:100],
        "region_path": lowest.path if lowest else "",
        "address": (record.address or "")[:300],
        "latitude": record.latitude,
        "longitude": record.longitude,
        "category_id": category.id if category else None,
        "lead_unit_id": unit.id if unit else None,
        "status": status,
        "response_due": response_due,
        "handling_due": handling_due,
        "dispatched_at": record.received_at if dispatch_count else None,
        "responded_at": record.responded_at,
        "handled_at": record.handled_at,
        "closed_at": record.closed_at,
        "result": record.result or "",
        "resolution": record.resolution or "",
        "callback_resolved": record.resolved,
        "satisfaction": record.satisfied or "",
        "extra": json.dumps(record.extra, ensure_ascii=False),
        "source": "import",
        "created_at": now,
        "updated_at": now,
    }
    events = implied_events(record, unit.id if unit else None, dispatch_count)
    return Prepared(record, values, [c.id for c in cooperating if c.id != values["lead_unit_id"]],
                    events)  # fmt: skip


def _caller_values(record: CaseRecord) -> dict[str, Any]:
    caller_id = record.caller_id or ""
    name = record.caller_name or ""
    phone = record.caller_phone or ""
    return {
        "caller_key_hash": callers.caller_key_hash(caller_id) if caller_id else "",
        "caller_key_masked": callers.mask_key(caller_id) if caller_id else "",
        "caller_name": crypto.encrypt(name) if name else "",
        "caller_name_masked": callers.mask_name(name)[:32],
        "caller_phone": crypto.encrypt(callers.normalise_phone(phone)) if phone else "",
        "caller_phone_hash": callers.phone_hash(phone) if phone else "",
        "caller_phone_masked": callers.mask_phone(phone)[:32] if phone else "",
    }


def implied_events(
    record: CaseRecord, unit_id: int | None, dispatch_count: int
) -> list[tuple[str, dt.datetime, int | None, dict[str, Any]]]:
    """The history a file row stands for: (kind, time, unit, data), in order."""
    start = record.received_at
    events: list[tuple[str, dt.datetime, int | None, dict[str, Any]]] = [
        ("received", start, None, {})
    ]
    returns = record.return_count or 0
    for index in range(max(dispatch_count, returns)):
        if index < dispatch_count:
            last = index == dispatch_count - 1
            events.append(("dispatched", start, unit_id if last else None, {}))
        if index < returns:
            events.append(("returned", start, None, {}))
    if record.responded_at:
        events.append(("responded", record.responded_at, unit_id, {}))
    if record.handled_at:
        events.append(("handled", record.handled_at, unit_id, {"result": record.result or ""}))
    if record.reopened:  # when is unknown: right after the last step the file dates
        events.append(("reopened", events[-1][1], unit_id, {}))
    if record.closed_at:
        if record.resolved is not None or record.satisfied:
            answers = {"resolved": record.resolved, "satisfaction": record.satisfied or ""}
            events.append(("surveyed", record.closed_at, None, answers))
        events.append(("closed", record.closed_at, None, {}))
    return events


# --- Applying batches ---------------------------------------------------------------------------


def _copy_value(value: Any) -> Any:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


class Importer:
    def __init__(self, path: Path, *, actor: Any = None, batch_size: int = BATCH_SIZE,
                 on_progress: Callable[[int], None] | None = None) -> None:  # fmt: skip
        self.path = path
        self.actor = actor
        self.batch_size = batch_size
        self.on_progress = on_progress or (lambda rows: None)
        self.summary = Summary(path=str(path))
        self.lookups = Lookups()
        self.now = timezone.now()

    def run(self) -> Summary:
        batch: dict[str, Prepared] = {}
        for item in read_cases(self.path):
            if isinstance(item, RowError):
                self.summary.rejected.append(item)
                self.on_progress(1)
                continue
            try:
                prepared = prepare(item, self.lookups, self.now)
            except ValueError as error:
                self._reject(item, str(error))
                self.on_progress(1)
                continue
            if prepared.values["number"] in batch:  # a later row of the same case: apply in order
                self._apply(list(batch.values()))
                batch = {}
            batch[prepared.values["number"]] = prepared
            if len(batch) >= self.batch_size:
                self._apply(list(batch.values()))
                batch = {}
        if batch:
            self._apply(list(batch.values()))
        with transaction.atomic():
            audit(action="hotline.import_cases", target=None, actor=self.actor,
                  after=self.summary.as_dict())  # fmt: skip
        return self.summary

    def _reject(self, record: CaseRecord, reason: str) -> None:
        self.summary.rejected.append(
            RowError(
                line=record.line, number=record.number, reason=reason, cells=tuple(record.cells)
            )  # fmt: skip
        )

    def _apply(self, batch: list[Prepared]) -> None:
        try:
            with transaction.atomic():
                created, updated = self._write(batch)
        except DatabaseError:
            created, updated = self._apply_one_by_one(batch)
        self.summary.imported += created
        self.summary.updated += updated
        self.on_progress(len(batch))

    def _apply_one_by_one(self, batch: list[Prepared]) -> tuple[int, int]:
        created = updated = 0
        for prepared in batch:
            try:
                with transaction.atomic():
                    one_created, one_updated = self._write([prepared])
            except DatabaseError as error:
                reason = str(error).splitlines()[0]
                self._reject(prepared.record, _("Refused by the database: %(reason)s")
                             % {"reason": reason})  # fmt: skip
                continue
            created += one_created
            updated += one_updated
        return created, updated

    def _write(self, batch: list[Prepared]) -> tuple[int, int]:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL minsheng.hotline_sync = 'on'")
            columns = ", ".join(CASE_COLUMNS)
            # Types only, no constraints: the real checks run on the insert into hotline_case.
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS hotline_import_stage ON COMMIT DELETE ROWS "
                f"AS SELECT {columns} FROM hotline_case WITH NO DATA"
            )
            cursor.execute("TRUNCATE hotline_import_stage")  # within an outer transaction too
            with cursor.connection.cursor().copy(
                f"COPY hotline_import_stage ({columns}) FROM STDIN"
            ) as copy:
                for prepared in batch:
                    copy.write_row([_copy_value(prepared.values[c]) for c in CASE_COLUMNS])
            updates = ", ".join(
                f"{c} = EXCLUDED.{c}" for c in CASE_COLUMNS if c not in KEPT_ON_UPDATE
            )
            cursor.execute(
                f"INSERT INTO hotline_case ({columns}, excluded, exclusion_reason) "
                f"SELECT {columns}, false, '' FROM hotline_import_stage "
                f"ON CONFLICT (number) DO UPDATE SET {updates} "
                "RETURNING id, number, (xmax = 0)"
            )
            ids: dict[str, tuple[int, bool]] = {
                number: (pk, inserted) for pk, number, inserted in cursor.fetchall()
            }
            existing = self._existing_event_counts(
                cursor, [pk for pk, inserted in ids.values() if not inserted]
            )
            self._write_cooperating(cursor, batch, ids)
            self._write_events(cursor, batch, ids, existing)
        created = sum(1 for _, inserted in ids.values() if inserted)
        return created, len(ids) - created

    def _existing_event_counts(self, cursor: Any, case_ids: list[int]) -> Counter[tuple[int, str]]:
        counts: Counter[tuple[int, str]] = Counter()
        if case_ids:
            cursor.execute(
                "SELECT case_id, kind, count(*) FROM hotline_caseevent "
                "WHERE case_id = ANY(%s) GROUP BY case_id, kind",
                [case_ids],
            )
            for case_id, kind, count in cursor.fetchall():
                counts[(case_id, kind)] = count
        return counts

    def _write_cooperating(self, cursor: Any, batch: list[Prepared], ids: dict) -> None:
        updated = [pk for pk, inserted in ids.values() if not inserted]
        if updated:
            cursor.execute("DELETE FROM hotline_cohandler WHERE case_id = ANY(%s)", [updated])
        rows = [
            (ids[p.values["number"]][0], unit_id, p.record.received_at)
            for p in batch
            for unit_id in dict.fromkeys(p.cooperating)
        ]
        if rows:
            with cursor.connection.cursor().copy(
                "COPY hotline_cohandler (case_id, organisation_id, added_at) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)

    def _write_events(
        self, cursor: Any, batch: list[Prepared], ids: dict, existing: Counter
    ) -> None:
        written = 0
        columns = ", ".join(EVENT_COLUMNS)
        with cursor.connection.cursor().copy(
            f"COPY hotline_caseevent ({columns}) FROM STDIN"
        ) as copy:
            for prepared in batch:
                case_id = ids[prepared.values["number"]][0]
                seen: Counter[str] = Counter()
                for kind, at, unit_id, data in prepared.events:
                    seen[kind] += 1
                    if seen[kind] <= existing[(case_id, kind)]:
                        continue  # already in the history (an earlier import, or live work)
                    copy.write_row((case_id, kind, at, unit_id, "", "", IMPORT_NOTE,
                                    json.dumps(data)))  # fmt: skip
                    written += 1
        self.summary.events += written


def import_cases(path: Path | str, *, actor: Any = None, batch_size: int = BATCH_SIZE,
                 on_progress: Callable[[int], None] | None = None) -> Summary:  # fmt: skip
    return Importer(Path(path), actor=actor, batch_size=batch_size, on_progress=on_progress).run()


# --- Reports ------------------------------------------------------------------------------------


def report_paths(path: Path, directory: Path | None = None) -> tuple[Path, Path]:
    """(summary, rejected rows) next to the file, or in ``directory``."""
    folder = directory or path.parent
    return folder / f"{path.name}.summary.txt", folder / f"{path.name}.rejected.csv"


def write_reports(summary: Summary, directory: Path | None = None) -> tuple[Path, Path]:
    path = Path(summary.path)
    summary_path, rejected_path = report_paths(path, directory)
    header = read_header(path)
    with rejected_path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", "reason", *header])
        for error in sorted(summary.rejected, key=lambda e: e.line):
            writer.writerow([error.line, error.reason, *_cells(error.cells)])
    lines = summary_lines(summary) + [_("Rejected rows: %(path)s") % {"path": rejected_path}]
    summary_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return summary_path, rejected_path


def _cells(cells: Iterable[Any]) -> Iterator[Any]:
    for cell in cells:
        yield cell.isoformat(sep=" ") if isinstance(cell, dt.datetime) else cell


def summary_lines(summary: Summary) -> list[str]:
    return [
        _("File: %(path)s") % {"path": summary.path},
        _("Rows read: %(count)d") % {"count": summary.rows},
        _("Imported (new cases): %(count)d") % {"count": summary.imported},
        _("Updated (case number already present): %(count)d") % {"count": summary.updated},
        _("Rejected: %(count)d") % {"count": len(summary.rejected)},
        _("History events added: %(count)d") % {"count": summary.events},
    ]
