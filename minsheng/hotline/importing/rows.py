"""Turning the records of a case file into rows ready for PostgreSQL ``COPY``.

This is the part of an import that needs no database: parsing, checking, resolving names,
encrypting and hashing the caller, computing deadlines and the history. It runs in processes of
their own for large files (``pipeline``), so it must not touch the database connection.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import gettext as _

from minsheng.cases.casefile import (
    DATETIME_COLUMNS,
    CaseFileError,
    CaseRecord,
    RowError,
    RowParser,
    UnreadableRow,
    Wanted,
    case_number,
    header_mapping,
    read_header,
    read_rows,
    source_chunks,
)
from minsheng.core import crypto
from minsheng.core.identity import mask_mobile
from minsheng.hotline import callers
from minsheng.hotline.importing.history import dispatches_of, history_of, status_of
from minsheng.hotline.importing.lookups import Lookups
from minsheng.hotline.importing.personal import storable_extra, withheld_columns
from minsheng.hotline.models import CALLER_PHONE_PURPOSE, Status

# The columns of hotline_case an import writes, in the order of a row's COPY text.
CASE_COLUMNS = (
    "number",
    "received_at",
    "channel",
    "kind",
    "urgency",
    "caller_key_hash",
    "caller_key_masked",
    "caller_name",
    "caller_name_masked",
    "caller_phone",
    "caller_phone_hash",
    "caller_phone_masked",
    "title",
    "content",
    "district_id",
    "subdistrict_id",
    "community_id",
    "community_name",
    "region_path",
    "address",
    "latitude",
    "longitude",
    "category_id",
    "lead_unit_id",
    "status",
    "response_due",
    "handling_due",
    "dispatched_at",
    "responded_at",
    "handled_at",
    "closed_at",
    "result",
    "resolution",
    "callback_resolved",
    "satisfaction",
    "extra",
    "source",
    "created_at",
    "updated_at",
    "excluded",
    "exclusion_reason",
    "import_digest",
)
DIGEST_PURPOSE = "hotline-import-row"
NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_CALLER_CACHE_SIZE = 100_000
# Date and time without an offset (Beijing time), as PostgreSQL and ``fromisoformat`` read it.
_BEIJING_TEXT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?").fullmatch


def copy_text(value: str) -> str:
    """``value`` as a field of COPY's text format."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPES)
    return value


def _optional(value: object) -> str:
    return NULL if value is None else str(value)


class Row(NamedTuple):
    """One row of the file, checked and ready to be written (a tuple: cheap to send across)."""

    line: int
    number: str
    case: str  # the CASE_COLUMNS as COPY text, without a line end
    status: str
    history: str  # the ``imported`` event's data, as COPY text
    cooperating: tuple[int, ...] = ()


# Which of the given (number, digest) pairs the database holds already: their numbers.
StoredDigests = Callable[[list[str], list[str]], set[str]]


@dataclass(slots=True)
class Candidates:
    """Rows that may be unchanged since their last import (``Preparer.candidates``)."""

    lines: list[int] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)

    def unchanged(self, stored: StoredDigests) -> dict[int, str]:
        """The lines whose row the database holds as it is, with their case number."""
        if not self.numbers:
            return {}
        held = stored(self.numbers, self.digests)
        return {
            line: number
            for line, number in zip(self.lines, self.numbers, strict=True)
            if number in held
        }


@dataclass(slots=True)
class Batch:
    rows: list[Row] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)
    read: int = 0  # rows of the file this batch accounts for (for progress)
    # Rows imported with something to report (a case number seen earlier in the file).
    notices: list[RowError] = field(default_factory=list)
    withheld: int = 0  # cells of extra columns not stored: they hold personal data
    # Rows identical to the last import of their case, known by their digest: not prepared.
    unchanged: int = 0
    # The first and last line of the rows written or unchanged (for the batch's audit entry).
    span: tuple[int, int] | None = None

    def add_line(self, line: int) -> None:
        self.span = (self.span[0] if self.span else line, line)


class Preparer:
    """Checks and converts records; remembers what rows share (places, callers, deadlines)."""

    def __init__(
        self,
        lookups: Lookups,
        *,
        now: dt.datetime,
        header: list[str],
        regions: list[str] | None = None,
    ) -> None:
        self.lookups = lookups
        # Region subtrees the importing user may import into (None: everywhere).
        self.regions = tuple(regions) if regions is not None else None
        self.now = now.isoformat()
        # The digest covers what the columns mean, so the same cells under other headers differ.
        mapping = header_mapping(header)
        self.signature = "\x1f".join(name for name, _ in mapping) + "\x1e"
        positions = {name: i for i, (name, canonical) in enumerate(mapping) if canonical}
        self.time_positions = tuple(positions.get(name) for name in DATETIME_COLUMNS)
        self.deadlines = lookups.deadlines
        self._callers: dict[tuple[str, str, str], str] = {}
        # Extra columns named as personal (联系电话, 身份证号 …) are not stored, nor cells of
        # other extra columns that look like a phone or an ID number (``personal``).
        self.withheld_columns = frozenset(
            withheld_columns([name for name, _ in mapping], [canonical for _, canonical in mapping])
        )
        self.withheld = 0
        # The row digest's key, derived from the platform's hash key (a keyed BLAKE2 per row).
        self.digest_key = bytes.fromhex(crypto.keyed_hash("row digest key", DIGEST_PURPOSE))
        self._digest_start = hashlib.blake2b(key=self.digest_key, digest_size=16)
        self._digest_start.update(self.signature.encode())
        # Whether the cells naming a row's place, category and units are accepted, by cells.
        self._names_screen_of: _NamesScreen | None = None

    def prepare(self, record: CaseRecord) -> Row:
        """The row for ``record``; raises ValueError with the reason to refuse it."""
        if len(record.number) > 64:
            raise ValueError(_("The case number is longer than 64 characters."))
        place = self.lookups.place(record.district, record.subdistrict, record.community)
        if self.regions is not None and not (
            place.region_path and place.region_path.startswith(self.regions)
        ):
            raise ValueError(_("The case is not in your area, so you cannot import it."))
        category_id = self.lookups.category_id(record.category)
        unit = self.lookups.unit_of(record.handling_unit)
        cooperating = tuple(
            dict.fromkeys(
                found.id
                for name in record.cooperating_units
                if (found := self.lookups.unit_of(name)) is not None and found != unit
            )
        )
        received = record.received_at
        for name in ("responded_at", "handled_at", "closed_at"):
            value = getattr(record, name)
            if value is not None and value < received:
                raise ValueError(_("%(column)s is earlier than received_at.") % {"column": name})
        status = status_of(record)
        if status == Status.HANDLED and unit is None:
            # Answered by the hotline on the call; without a centre to hold it, it waits.
            unit = self.lookups.centre
            status = Status.HANDLED if unit is not None else Status.RECEIVED
        kind = record.kind or "complaint"
        urgency = record.urgency or "normal"
        response_due, handling_due = (
            moment.isoformat() for moment in self.deadlines.due(kind, urgency, received)
        )
        dispatches = dispatches_of(record)
        community_name = record.community or ""
        if not community_name and place.community_id is not None:
            community_name = self.lookups.regions[place.community_id].name
        at, responded, handled, closed = self._times(record)
        case = "\t".join(
            (
                copy_text(record.number),
                at,
                record.channel or "other",
                kind,
                urgency,
                self._caller(record),
                copy_text((record.title or "")[:200]),
                copy_text(record.content),
                _optional(place.district_id),
                _optional(place.subdistrict_id),
                _optional(place.community_id),
                copy_text(community_name[:100]),
                place.region_path,
                copy_text((record.address or "")[:300]),
                _optional(record.latitude),
                _optional(record.longitude),
                _optional(category_id),
                _optional(unit.id if unit else None),
                status,
                response_due,
                handling_due,
                at if dispatches else NULL,
                responded,
                handled,
                closed,
                record.result or "",
                copy_text(record.resolution or ""),
                NULL if record.resolved is None else ("t" if record.resolved else "f"),
                record.satisfied or "",
                _extra(self._storable_extra(record)),
                "import",
                self.now,
                self.now,
                "f",
                "",
                self._digest(record),
            )
        )
        if "\x00" in case:
            raise ValueError(_("The row holds a NUL character, which cannot be stored."))
        times = (_json(at), _json(responded), _json(handled), _json(closed))
        history = history_of(
            record,
            status=status,
            unit=unit.json if unit else "null",
            dispatches=dispatches,
            times=times,
        )
        return Row(record.line, record.number, case, status, copy_text(history), cooperating)

    def _storable_extra(self, record: CaseRecord) -> dict[str, str]:
        return self._storable_extra_of(record.extra)

    def _times(self, record: CaseRecord) -> tuple[str, str, str, str]:
        """received, responded, handled and closed as COPY text.

        A cell written as ``YYYY-MM-DD HH:MM[:SS]`` is passed on as it is: without an offset it
        is Beijing time, which is how PostgreSQL reads it in an import's transaction
        (``TimeZone`` is set to Asia/Shanghai there). Formatting a million aware datetimes
        again would cost seconds.
        """
        cells, texts = record.cells, []
        for position, value in zip(
            self.time_positions,
            (record.received_at, record.responded_at, record.handled_at, record.closed_at),
            strict=True,
        ):
            if value is None:
                texts.append(NULL)
                continue
            cell = cells[position] if position is not None else None
            if isinstance(cell, str) and _BEIJING_TEXT(cell):
                texts.append(cell)
            else:
                texts.append(value.isoformat())
        return texts[0], texts[1], texts[2], texts[3]

    def _caller(self, record: CaseRecord) -> str:
        """The seven caller columns as COPY text (one field of the row's tuple, tabs inside)."""
        key = _caller_key(record)
        found = self._callers.get(key)
        if found is None:
            if len(self._callers) >= _CALLER_CACHE_SIZE:
                self._callers.clear()
            found = self._callers[key] = "\t".join(caller_columns(*key, seal=crypto.encrypt))
        return found

    def seal_callers(self, records: list[CaseRecord]) -> None:
        """Encrypt the names and phones of the callers of ``records`` at once
        (``crypto.encrypt_many``), ready for :meth:`_caller`."""
        keys = list(dict.fromkeys(key for r in records if (key := _caller_key(r)) != _NO_CALLER))
        keys = [key for key in keys if key not in self._callers]
        if not keys:
            return
        if len(self._callers) + len(keys) > _CALLER_CACHE_SIZE:
            self._callers.clear()
        clear = list(dict.fromkeys(text for key in keys for text in sealed_texts(*key)))
        sealed = dict(zip(clear, crypto.encrypt_many(clear), strict=True))
        for key in keys:
            self._callers[key] = "\t".join(caller_columns(*key, seal=sealed.__getitem__))

    def _digest(self, record: CaseRecord) -> str:
        return self.digest_of(record.cells)

    def digest_of(self, padded: list[object]) -> str:
        """The row's content digest: its cells (padded to the header's width) under this
        header, with a keyed BLAKE2."""
        try:
            cells = "\x1f".join(padded)  # type: ignore[arg-type]  # CSV: all text
        except TypeError:
            cells = _cells_text(padded)
        digest = self._digest_start.copy()  # keyed, the header's signature already taken in
        digest.update(cells.encode())
        return digest.hexdigest()

    # --- Rows unchanged since their last import -------------------------------------------------

    def candidates(
        self, chunk: list[tuple[int, list[object]]], parse: RowParser, seen: set[str]
    ) -> Candidates:
        """The rows of ``chunk`` that may be unchanged since their last import, with their
        number and digest: only the database can tell (``StoredDigests``).

        Only a number's first row in the file qualifies (``seen``: the numbers of the rows
        screened before, updated here; a later row may meet the case as an earlier row of this
        file left it), and only if its place, category and units are still accepted, so that a
        row refused today is still refused with its reason. A row with a cell holding the
        digest's separator is always prepared: its cells could be told apart only by preparing.

        A re-import runs this loop for every row of the file, so the common case is inline.
        """
        found = Candidates()
        accepted = self._names_screen(parse)
        number_at, width = parse.number_at, parse.width
        start = self._digest_start
        for line, cells in chunk:
            if cells.__class__ is UnreadableRow:
                continue
            if len(cells) < width:
                cells = parse.padded(cells)
            cell = cells[number_at]
            number = cell.strip() if cell.__class__ is str else None
            if not number or number[0] == "'":
                try:
                    number = parse.number_of(cells)
                except ValueError:
                    continue
            if not number or number in seen:
                continue
            seen.add(number)
            if not accepted(cells):
                continue
            try:
                text = "\x1f".join(cells)  # type: ignore[arg-type]  # CSV: all text
            except TypeError:
                text = _cells_text(cells)
            if text.count("\x1f") != len(cells) - 1:
                continue
            digest = start.copy()  # keyed, the header's signature already taken in
            digest.update(text.encode())
            found.lines.append(line)
            found.numbers.append(number)
            found.digests.append(digest.hexdigest())
        return found

    def _names_screen(self, parse: RowParser) -> Callable[[list[object]], bool]:
        """Whether a row's place (in the importing user's area), category and units are
        accepted as :meth:`prepare` accepts them. Each part is answered once per distinct cells:
        a file names a few thousand places, categories and units, in many combinations."""
        if self._names_screen_of is None:
            self._names_screen_of = _NamesScreen(self, parse)
        return self._names_screen_of

    def place_accepted(
        self, district: str | None, subdistrict: str | None, community: str | None
    ) -> None:
        """Raise ValueError unless :meth:`prepare` accepts the place (in the user's area)."""
        place = self.lookups.place(district, subdistrict, community)
        if self.regions is not None and not (
            place.region_path and place.region_path.startswith(self.regions)
        ):
            raise ValueError("outside the importing user's area")

    def count_withheld(self, parse: RowParser, cells: list[object]) -> None:
        """Count the personal cells of an unchanged row's extra columns, as preparing it would."""
        if parse.extras:
            self._storable_extra_of(parse.extra_of(parse.padded(cells)))

    def _storable_extra_of(self, extra: dict[str, str]) -> dict[str, str]:
        kept, withheld = storable_extra(extra, self.withheld_columns)
        self.withheld += withheld
        return kept


_Check = Callable[..., object]  # raises ValueError for names prepare would refuse


class _NamesScreen:
    """Whether the names of a row (padded cells) are accepted, answered per part and
    remembered by the part's cells (``Preparer._names_screen``)."""

    def __init__(self, preparer: Preparer, parse: RowParser) -> None:
        lookups = preparer.lookups

        def units_accepted(names: list[str]) -> None:
            for name in names:
                lookups.unit_of(name)

        parts: tuple[tuple[tuple[str, ...], _Check], ...] = (
            (("district", "subdistrict", "community"), preparer.place_accepted),
            (("category",), lookups.category_id),
            (("handling_unit",), lookups.unit_of),
            (("cooperating_units",), units_accepted),
        )
        self.parse = parse
        self.parts: list[tuple[Callable[[list[object]], object], tuple[str, ...], _Check, dict]] = [
            (_cells_at(positions), columns, check, {})
            for columns, check in parts
            if (positions := [parse.by_name[c][0] for c in columns if c in parse.by_name])
        ]

    def __call__(self, cells: list[object]) -> bool:
        for cells_of, columns, check, answers in self.parts:
            key = cells_of(cells)
            answer = answers.get(key)
            if answer is None:
                answer = answers[key] = self._accepted(columns, check, cells)
            if not answer:
                return False
        return True

    def _accepted(self, columns: tuple[str, ...], check: _Check, cells: list[object]) -> bool:
        try:
            check(*(self.parse.value_of(column, cells) for column in columns))
        except ValueError:
            return False
        return True


_NO_CALLER = ("", "", "")


def _caller_key(record: CaseRecord) -> tuple[str, str, str]:
    return (record.caller_id or "", record.caller_name or "", record.caller_phone or "")


def sealed_texts(caller_id: str, name: str, phone: str) -> list[str]:
    """The texts :func:`caller_columns` encrypts for this caller."""
    name = name.strip()
    number = callers.normalise_phone(phone) if phone else ""
    texts = [name] if name and "*" not in name else []
    if number and "*" not in number:
        texts.append(number)
    return texts


def caller_columns(
    caller_id: str, name: str, phone: str, *, seal: Callable[[str], str] = crypto.encrypt
) -> tuple[str, ...]:
    """The caller's columns, COPY-escaped.

    A name or phone that is already masked (an exported file) is not a clear value: it is stored
    as the masked form only, and re-importing it keeps the clear value the case already holds.
    """
    key_hash = callers.caller_key_hash(caller_id) if caller_id else ""
    key_masked = callers.mask_key(caller_id) if caller_id else ""
    name = name.strip()
    name_cipher = seal(name) if name and "*" not in name else ""
    number = callers.normalise_phone(phone) if phone else ""
    if not number or "*" in number:
        phone_columns = ("", "", number)  # unknown, or masked already
    else:
        phone_columns = (
            seal(number),
            crypto.keyed_hash(number, CALLER_PHONE_PURPOSE),
            mask_mobile(number),
        )
    return (
        key_hash,
        copy_text(key_masked[:32]),
        name_cipher,
        copy_text(callers.mask_name(name)[:32]),
        phone_columns[0],
        phone_columns[1],
        copy_text(phone_columns[2][:32]),
    )


def _json(text: str) -> str:
    """A time's COPY text as a JSON value."""
    return "null" if text == NULL else f'"{text}"'


def _extra(extra: dict[str, str]) -> str:
    return copy_text(json.dumps(extra, ensure_ascii=False)) if extra else "{}"


def produce(
    path: Path,
    lookups: Lookups,
    *,
    now: dt.datetime,
    batch_size: int,
    regions: list[str] | None = None,
    stored: StoredDigests | None = None,
    share: tuple[int, int] = (0, 1),
) -> Iterator[Batch]:
    """The file's rows in batches; a case number seen twice starts a new batch, so that the
    later row is applied after the earlier one, and is reported (``Batch.notices``).

    With ``stored``, rows the database holds already as they are (``Preparer.candidates``)
    are counted in ``Batch.unchanged`` instead of being prepared. ``share``: (this, of) to
    prepare only this process's share of the rows (``_wanted``).
    """
    header = read_header(path)
    if not header and _without_rows(path):
        raise CaseFileError(_("The file is empty."))
    preparer = Preparer(lookups, now=now, header=header, regions=regions)
    parse = RowParser(header_mapping(header))
    chunks = source_chunks(path, batch_size, wanted=_wanted(share), key_at=parse.number_at)
    next(chunks)  # the header
    batch, numbers = Batch(), set[str]()
    first_lines: dict[str, int] = {}  # each case number's first line in the file
    for chunk, unchanged in _screened(chunks, preparer, parse, stored):
        records = _records(parse, chunk, unchanged)
        preparer.seal_callers([item for item in records if isinstance(item, CaseRecord)])
        for (line, cells), item in zip(chunk, records, strict=True):
            batch.read += 1
            row: Row | None = None
            if item is None:  # unchanged
                number = unchanged[line]
                if parse.extras:
                    preparer.count_withheld(parse, cells)
            else:
                prepared = _prepared(preparer, item)
                if isinstance(prepared, RowError):
                    batch.rejected.append(prepared)
                    continue
                row, number = prepared, prepared.number
            first = first_lines.setdefault(number, line)
            if first != line:
                batch.notices.append(_repeated(number, line, first))
            if number in numbers:
                batch.read -= 1
                batch.withheld, preparer.withheld = preparer.withheld, 0
                yield batch
                batch, numbers = Batch(read=1), set()
            if row is None:
                batch.unchanged += 1
            else:
                batch.rows.append(row)
            batch.add_line(line)
            numbers.add(number)
            if len(batch.rows) + batch.unchanged >= batch_size:
                batch.withheld, preparer.withheld = preparer.withheld, 0
                yield batch
                batch, numbers = Batch(), set[str]()
    if batch.read:
        batch.withheld = preparer.withheld
        yield batch


def _without_rows(path: Path) -> bool:
    rows = read_rows(path)
    try:
        return next(rows, None) is None
    finally:
        if hasattr(rows, "close"):
            rows.close()


def _wanted(share: tuple[int, int]) -> Wanted | None:
    """For ``share`` = (this, of): whether a row is in this share. A row goes to the share its
    case number hashes to, so all rows of a number fall in one share; a row without a readable
    number (it will be refused) to the share of its line."""
    this, of = share
    if of == 1:
        return None

    def wanted(line: int, cell: object) -> bool:
        number = cell.strip() if isinstance(cell, str) else None
        if not number or number[0] == "'":  # as the record reads it (a spreadsheet's number …)
            try:
                number = case_number(cell)
            except ValueError:
                number = None
        if not number:
            return line % of == this
        return zlib.crc32(number.encode()) % of == this

    return wanted


def _screened(
    chunks: Iterator[list[tuple[int, list[object]]]],
    preparer: Preparer,
    parse: RowParser,
    stored: StoredDigests | None,
) -> Iterator[tuple[list[tuple[int, list[object]]], dict[int, str]]]:
    """Each chunk with its rows unchanged since their last import, by line."""
    seen: set[str] = set()
    for chunk in chunks:
        if stored is None:
            yield chunk, {}
        else:
            yield chunk, preparer.candidates(chunk, parse, seen).unchanged(stored)


def _cells_text(cells: list[object]) -> str:
    """A row's cells joined for its digest when they are not all text (XLSX: numbers, dates and
    empty cells; a short CSV row padded with None)."""
    return "\x1f".join("" if cell is None else str(cell) for cell in cells)


def _cells_at(positions: list[int]) -> Callable[[list[object]], object]:
    """A function giving the cells at ``positions`` of a row (a tuple of several, or one)."""
    return operator.itemgetter(*positions)


def _records(
    parse: RowParser, chunk: list[tuple[int, list[object]]], unchanged: dict[int, str]
) -> list[CaseRecord | RowError | None]:
    """For each row of the chunk: its record, the reason it cannot be read, or None if it is
    unchanged since its last import (not parsed)."""
    return [
        None
        if line in unchanged
        else RowError(line=line, number="", reason=cells.reason)
        if isinstance(cells, UnreadableRow)
        else parse(line, cells)
        for line, cells in chunk
    ]


def _prepared(preparer: Preparer, item: CaseRecord | RowError) -> Row | RowError:
    """The row ready to write, or the reason it is refused."""
    if isinstance(item, RowError):
        return item
    try:
        return preparer.prepare(item)
    except ValueError as error:
        return RowError(
            line=item.line, number=item.number, reason=str(error), cells=tuple(item.cells)
        )


def _repeated(number: str, line: int, first: int) -> RowError:
    return RowError(
        line=line,
        number=number,
        reason=_(
            "Case number %(number)s is also on line %(first)d of this file: this later row "
            "was applied after it and updated the case."
        )
        % {"number": number, "first": first},
    )
