"""Reading and writing the case file format (docs/case-format.md), streaming.

The importer, the exporter, the generator and the analyses all go through this module, so a file
means the same thing to each of them. Reading never holds the whole file: rows are parsed one at a
time and come out either as a :class:`CaseRecord` or as a :class:`RowError` with its line.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from minsheng.core.spreadsheets import csv_row, read_text, xlsx_row

BEIJING = ZoneInfo("Asia/Shanghai")

# Canonical column -> accepted headers (the first is the English name, the second the Chinese).
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("number", "工单编号", "工单号", "编号", "留言编号"),
    "received_at": ("received_at", "受理时间", "来电时间", "创建时间", "留言时间"),
    "channel": ("channel", "来电渠道", "渠道", "诉求渠道"),
    "kind": ("kind", "诉求类型", "类型"),
    "caller_id": ("caller_id", "来电人编号", "留言用户"),
    "caller_name": ("caller_name", "来电人", "来电人姓名"),
    "caller_phone": ("caller_phone", "来电号码", "联系电话"),
    "title": ("title", "标题", "留言主题"),
    "content": ("content", "诉求内容", "内容", "反映内容", "留言详情"),
    "district": ("district", "区", "所属区"),
    "subdistrict": ("subdistrict", "街道", "街乡", "街道/乡镇", "乡镇"),
    "community": ("community", "社区", "社区/村"),
    "address": ("address", "地址", "详细地址"),
    "latitude": ("latitude", "纬度", "lat"),
    "longitude": ("longitude", "经度", "long", "lng"),
    "category": ("category", "分类", "诉求分类"),
    "urgency": ("urgency", "紧急程度"),
    "handling_unit": ("handling_unit", "承办单位", "主办单位"),
    "cooperating_units": ("cooperating_units", "协办单位"),
    "dispatch_count": ("dispatch_count", "派单次数"),
    "return_count": ("return_count", "退单次数"),
    "reopened": ("reopened", "是否重办"),
    "responded_at": ("responded_at", "响应时间"),
    "handled_at": ("handled_at", "办理时间"),
    "closed_at": ("closed_at", "办结时间"),
    "result": ("result", "办理结果"),
    "resolution": ("resolution", "办理情况", "答复内容"),
    "resolved": ("resolved", "是否解决"),
    "satisfied": ("satisfied", "是否满意", "满意度"),
}
MANDATORY = ("number", "received_at", "content")
CHINESE_HEADERS = {name: aliases[1] for name, aliases in COLUMNS.items()}

ENUMS: dict[str, dict[str, str]] = {
    "channel": {
        "phone": "phone",
        "电话": "phone",
        "热线电话": "phone",
        "12345电话": "phone",
        "web": "web",
        "网站": "web",
        "网页": "web",
        "门户网站": "web",
        "app": "app",
        "北京通": "app",
        "手机app": "app",
        "mini_program": "mini_program",
        "小程序": "mini_program",
        "微信小程序": "mini_program",
        "message_board": "message_board",
        "留言板": "message_board",
        "网上留言": "message_board",
        "other": "other",
        "其他": "other",
    },
    "kind": {
        "consultation": "consultation",
        "咨询": "consultation",
        "help": "help",
        "求助": "help",
        "complaint": "complaint",
        "投诉": "complaint",
        "report": "report",
        "举报": "report",
        "suggestion": "suggestion",
        "建议": "suggestion",
        "praise": "praise",
        "表扬": "praise",
        "感谢": "praise",
    },
    "urgency": {
        "normal": "normal",
        "一般": "normal",
        "普通": "normal",
        "urgent": "urgent",
        "紧急": "urgent",
        "emergency": "emergency",
        "特急": "emergency",
        "特别紧急": "emergency",
    },
    "result": {
        "resolved": "resolved",
        "已解决": "resolved",
        "解决": "resolved",
        "partly_resolved": "partly_resolved",
        "部分解决": "partly_resolved",
        "not_resolved": "not_resolved",
        "未解决": "not_resolved",
        "explained": "explained",
        "已解释说明": "explained",
        "解释说明": "explained",
    },
    "satisfied": {
        "satisfied": "satisfied",
        "满意": "satisfied",
        "非常满意": "satisfied",
        "basically_satisfied": "basically_satisfied",
        "基本满意": "basically_satisfied",
        "比较满意": "basically_satisfied",
        "dissatisfied": "dissatisfied",
        "不满意": "dissatisfied",
        "no_answer": "no_answer",
        "未接通": "no_answer",
        "无人接听": "no_answer",
        "未回访": "no_answer",
    },
}
BOOLEANS = {
    "yes": True,
    "no": False,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
    "y": True,
    "n": False,
    "是": True,
    "否": False,
}
DATETIME_COLUMNS = ("received_at", "responded_at", "handled_at", "closed_at")
INTEGER_COLUMNS = ("dispatch_count", "return_count")
FLOAT_COLUMNS = ("latitude", "longitude")
BOOLEAN_COLUMNS = ("reopened", "resolved")
MAX_CONTENT = 20_000
# The longest text a cell may hold: MAX_CONTENT, less in the columns below (the database's
# own limits). A longer cell rejects the row with its reason; nothing is ever cut.
MAX_LENGTHS = {"number": 64, "title": 200, "community": 100, "address": 300}
# Counts in a file (dispatches, returns): no case is dispatched this often.
MAX_COUNT = 1_000
# CSV fields the reader accepts (Python's default is 131,072): longer ones are read whole and
# the row rejected by the limits above; beyond this the row is reported unreadable.
CSV_FIELD_LIMIT = 1 << 24
# Moments a file may name: PostgreSQL refuses offsets beyond ±15:59, real zones stay within ±14.
YEARS = (1900, 2199)
MAX_OFFSET = dt.timedelta(hours=14)
# Identifiers a spreadsheet stored as numbers: beyond 2**53 a float has lost digits.
EXACT_FLOAT = 2**53


class CaseFileError(ValueError):
    """The file as a whole cannot be read (format, encoding, missing mandatory columns)."""


@dataclass(slots=True)
class CaseRecord:
    """One case as the file tells it, with normalised values (``None`` = unknown)."""

    line: int
    number: str
    received_at: dt.datetime
    content: str
    channel: str | None = None
    kind: str | None = None
    caller_id: str | None = None
    caller_name: str | None = None
    caller_phone: str | None = None
    title: str | None = None
    district: str | None = None
    subdistrict: str | None = None
    community: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    category: str | None = None
    urgency: str | None = None
    handling_unit: str | None = None
    cooperating_units: list[str] = field(default_factory=list)
    dispatch_count: int | None = None
    return_count: int | None = None
    reopened: bool | None = None
    responded_at: dt.datetime | None = None
    handled_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    result: str | None = None
    resolution: str | None = None
    resolved: bool | None = None
    satisfied: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    # The row's cells as read, for reporting a row that is rejected later (e.g. by the importer).
    cells: list[Any] = field(default_factory=list, repr=False, compare=False)

    def as_row(self) -> dict[str, Any]:
        """The record as file cells (canonical column names, extras after)."""
        row: dict[str, Any] = {}
        for name in COLUMNS:
            row[name] = format_value(name, getattr(self, name))
        row.update(self.extra)
        return row


RECORD_FIELDS = {f.name for f in fields(CaseRecord)}


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    number: str
    reason: str
    cells: tuple[Any, ...] = field(default=(), repr=False, compare=False)


# --- Reading ---------------------------------------------------------------------------------


def read_cases(path: Path | str) -> Iterator[CaseRecord | RowError]:
    """Stream the records of a CSV or XLSX case file."""
    yield from parse_rows(source_rows(path))


def source_rows(path: Path | str) -> Iterator[tuple[int, list[Any]]]:
    """The rows of a CSV or XLSX case file as written: (line, cells), the header first."""
    path = Path(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _xlsx_rows(path)
    if path.suffix.lower() in {".csv", ".txt", ""}:
        return _csv_rows(path)
    raise CaseFileError(
        _("Unsupported file type %(suffix)s: use CSV or XLSX.") % {"suffix": path.suffix}
    )


# Which rows a reader wants, by their line and the cell of a key column as written (None for a
# row without it, or unreadable): ``source_chunks``.
Wanted = Callable[[int, Any], bool]


def source_chunks(
    path: Path | str, size: int, *, wanted: Wanted | None = None, key_at: int = 0
) -> Iterator[list[tuple[int, list[Any]]]]:
    """The rows of a case file as :func:`source_rows` gives them, in lists of ``size`` rows
    (the header alone first), without blank rows; with ``wanted``, only the rows it wants (by
    their line and their cell at ``key_at``).

    A bulk import reads millions of rows, so a CSV file is read line by line: a line without a
    quote is one row, split at its commas exactly as the CSV reader would split it, and only if
    it is wanted; a line with a quote goes through the CSV reader, which reads on over the line
    breaks inside quoted cells.
    """
    path = Path(path)
    if path.suffix.lower() in {".csv", ".txt", ""}:
        with path.open(newline="", encoding=csv_encoding(path)) as handle:
            yield from _csv_chunks(iter(handle), size, wanted, key_at)
        return
    rows = source_rows(path)
    header = next(rows, None)
    if header is None:
        return
    yield [header]
    yield from _chunked((item for item in rows if _kept(item, wanted, key_at)), size)


def _csv_chunks(
    lines: Iterator[str], size: int, wanted: Wanted | None, key_at: int
) -> Iterator[list[tuple[int, list[Any]]]]:
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    read = 0  # lines read so far: a row's line is the last one it spans, as the reader counts

    def continued() -> Iterator[str]:  # the lines a quoted cell's line breaks pull in
        nonlocal read
        for line in lines:
            read += 1
            yield line

    def whole(line: str) -> list[Any]:
        """The row starting with ``line``, through the CSV reader."""
        try:
            return next(csv.reader(itertools.chain((line,), continued())))
        except csv.Error as error:  # the next row starts on the next line
            return _unreadable(error)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        nonlocal read
        for line in lines:
            read += 1
            if '"' in line or len(line) > CSV_FIELD_LIMIT:  # the reader's limit applies
                cells = whole(line)
                if _kept((read, cells), wanted, key_at):
                    yield read, cells
                continue
            text = line.rstrip("\r\n")  # one line end: lines are split at each
            if wanted is not None and not wanted(read, _field(text, key_at)):
                continue
            cells = text.split(",")
            if any(cells) or not is_blank(cells):  # any(): most rows have a filled cell
                yield read, cells

    first = next(lines, None)
    if first is None:
        return
    read = 1
    header = whole(first)  # blank or not
    yield [(read, header)]
    yield from _chunked(rows(), size)


def _field(text: str, position: int) -> str | None:
    """The cell at ``position`` of a line without quotes (None if the line is shorter)."""
    if position == 0:
        end = text.find(",")
        return text if end < 0 else text[:end]
    parts = text.split(",", position + 1)
    return parts[position] if len(parts) > position else None


def _kept(item: tuple[int, list[Any]], wanted: Wanted | None, key_at: int) -> bool:
    """Whether a row read whole is kept: not blank, and wanted."""
    line, cells = item
    if cells.__class__ is not UnreadableRow and is_blank(cells):
        return False
    if wanted is None:
        return True
    key = cells[key_at] if len(cells) > key_at else None
    return wanted(line, key)


def _chunked(
    rows: Iterable[tuple[int, list[Any]]], size: int
) -> Iterator[list[tuple[int, list[Any]]]]:
    chunk: list[tuple[int, list[Any]]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def read_rows(path: Path | str) -> Iterator[tuple[int, list[Any]]]:
    """The file's rows as written: (line, cells), the header first."""
    path = Path(path)
    return _xlsx_rows(path) if path.suffix.lower() in {".xlsx", ".xlsm"} else _csv_rows(path)


def read_header(path: Path | str) -> list[str]:
    """The file's header as written (for reports that repeat rows of the file)."""
    rows = read_rows(path)
    first = next(rows, None)
    if hasattr(rows, "close"):
        rows.close()
    return [str(cell or "").strip().lstrip("\ufeff") for cell in first[1]] if first else []


def parse_rows(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[CaseRecord | RowError]:
    """Parse (line, cells) pairs whose first pair is the header."""
    try:
        _, header = next(rows)
    except StopIteration:
        raise CaseFileError(_("The file is empty.")) from None
    parse = RowParser(header_mapping([str(cell or "") for cell in header]))
    for line, cells in rows:
        if isinstance(cells, UnreadableRow):
            yield RowError(line=line, number="", reason=cells.reason)
            continue
        if is_blank(cells):
            continue  # blank lines are not rows
        yield parse(line, cells)


def is_blank(cells: list[Any]) -> bool:
    """Whether a row has no filled cell (a blank line is not a row)."""
    if any(cells):  # the common case, at C speed (only "", None, 0 and False are false)
        return False
    return not any(cell not in (None, "") for cell in cells)


class UnreadableRow(list[Any]):
    """A CSV row the reader could not split into cells (an unclosed quote, a field beyond
    :data:`CSV_FIELD_LIMIT`): reported as a rejected row with ``reason``."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


def header_mapping(header: list[str]) -> list[tuple[str, bool]]:
    """For each column position: (name, is_canonical). Raises if mandatory columns are missing."""
    aliases = {alias.lower(): name for name, names in COLUMNS.items() for alias in names}
    mapping: list[tuple[str, bool]] = []
    seen: set[str] = set()
    for raw in header:
        text = raw.strip().lstrip("\ufeff")
        name = aliases.get(text.lower())
        if name is None or name in seen:
            mapping.append((text, False))
        else:
            mapping.append((name, True))
            seen.add(name)
    missing = [name for name in MANDATORY if name not in seen]
    if missing:
        raise CaseFileError(
            _("The file lacks the mandatory columns: %(columns)s.")
            % {"columns": ", ".join(f"{m} ({CHINESE_HEADERS[m]})" for m in missing)}
        )
    return mapping


class RowParser:
    """Turns the cells of one row into a record, for a given header.

    The header is resolved once: each row then costs one conversion per column present (a bulk
    import reads millions of rows, so the per-row work is kept to plain look-ups).
    """

    def __init__(self, mapping: list[tuple[str, bool]]) -> None:
        self.width = len(mapping)
        positions = {
            name: position for position, (name, canonical) in enumerate(mapping) if canonical
        }
        self.number_at = positions["number"]
        self.received_at = positions["received_at"]
        self.content_at = positions["content"]
        self.optional = [
            (position, name, CONVERTERS[name])
            for name, position in positions.items()
            if name not in MANDATORY
        ]
        self.by_name = {name: (position, convert) for position, name, convert in self.optional}
        self.extras = [
            (position, name)
            for position, (name, canonical) in enumerate(mapping)
            if not canonical and name
        ]
        self.names = [name for name, _canonical in mapping]
        self.short = [
            (position, name, MAX_LENGTHS[name])
            for position, (name, canonical) in enumerate(mapping)
            if canonical and name in MAX_LENGTHS
        ]

    def padded(self, cells: list[Any]) -> list[Any]:
        """The cells with empty ones added up to the header's width (a short row)."""
        if len(cells) < self.width:
            return [*cells, *([None] * (self.width - len(cells)))]
        return cells

    def number_of(self, cells: list[Any]) -> str | None:
        """The case number of padded cells (None if empty; raises ValueError as the row would)."""
        return case_number(cells[self.number_at])

    def value_of(self, name: str, cells: list[Any]) -> Any:
        """The converted value of column ``name`` in padded cells (None or [] if absent or empty;
        raises ValueError as the row would)."""
        found = self.by_name.get(name)
        if found is not None:
            position, convert = found
            cell = cells[position]
            if cell is not None and cell != "":
                return convert(cell)
        return [] if name == "cooperating_units" else None

    def extra_of(self, cells: list[Any]) -> dict[str, str]:
        """The row's cells of extra columns, by column name, as the record keeps them."""
        return {
            name: read_text(str(cells[position]))
            for position, name in self.extras
            if cells[position] not in (None, "")
        }

    def __call__(self, line: int, cells: list[Any]) -> CaseRecord | RowError:
        cells = self.padded(cells)
        try:
            number = _identifier(cells[self.number_at], "number")
        except ValueError as error:
            return RowError(line=line, number="", reason=str(error), cells=tuple(cells))
        try:
            self._check_shape(cells)
            # Empty cells keep the record's defaults (unknown): no conversion to run.
            values = {
                name: convert(cell)
                for position, name, convert in self.optional
                if (cell := cells[position]) is not None and cell != ""
            }
            record = CaseRecord(
                line=line,
                number=_required(number, "number"),
                received_at=_required(parse_datetime(cells[self.received_at]), "received_at"),
                content=_required(_text(cells[self.content_at]), "content"),
                extra=self.extra_of(cells),
                cells=cells,
                **values,
            )
        except ValueError as error:
            return RowError(line=line, number=number or "", reason=str(error), cells=tuple(cells))
        return record

    def _check_shape(self, cells: list[Any]) -> None:
        """Raise ValueError for cells beyond the header or longer than their column holds."""
        if len(cells) > self.width:
            surplus = [cell for cell in cells[self.width :] if cell not in (None, "")]
            if surplus:
                raise ValueError(
                    _(
                        "The row has %(count)d more filled cells than the header has columns: "
                        "check for an unquoted comma."
                    )
                    % {"count": len(surplus)}
                )
        try:
            longest = max(map(len, cells))  # CSV: all text, measured at C speed
        except TypeError:  # XLSX: numbers, dates and empty cells too
            longest = max((len(c) for c in cells if isinstance(c, str)), default=0)
        if longest > MAX_CONTENT:
            position = next(
                i for i, c in enumerate(cells) if isinstance(c, str) and len(c) > MAX_CONTENT
            )
            name = self.names[position] if position < self.width else str(position + 1)
            _too_long(name, len(cells[position]), MAX_CONTENT)
        for position, name, limit in self.short:
            cell = cells[position]
            if cell.__class__ is str and len(cell) > limit:
                _too_long(name, len(cell), limit)


def _too_long(column: str, length: int, limit: int) -> None:
    raise ValueError(
        _(
            "Column %(column)s holds %(length)d characters, more than the %(limit)d it may "
            "have: nothing of this row was imported."
        )
        % {"column": column, "length": length, "limit": limit}
    )


def parse_row(
    line: int, cells: list[Any], mapping: list[tuple[str, bool]]
) -> CaseRecord | RowError:
    return RowParser(mapping)(line, cells)


def parse_value(name: str, cell: Any) -> Any:
    return CONVERTERS[name](cell)


def _enum(name: str) -> Callable[[Any], str | None]:
    table = ENUMS[name]

    def convert(cell: Any) -> str | None:
        text = _text(cell)
        if text is None:
            return None
        value = table.get(text) or table.get(text.lower())
        if value is None:
            raise ValueError(
                _("Unknown value “%(value)s” in column %(column)s.")
                % {"value": text, "column": name}
            )
        return value

    return convert


def _boolean(name: str) -> Callable[[Any], bool | None]:
    def convert(cell: Any) -> bool | None:
        text = _text(cell)
        if text is None:
            return None
        value = BOOLEANS.get(text.lower())
        if value is None:
            raise ValueError(
                # Translators: Chinese on purpose: the values a file may hold.
                _("Column %(column)s takes yes or no (是/否), not “%(value)s”.")
                % {"column": name, "value": text}
            )
        return value

    return convert


def _datetime(name: str) -> Callable[[Any], dt.datetime | None]:
    return lambda cell: parse_datetime(cell, column=name)


def _number(name: str, parse: Callable[[str, str], Any]) -> Callable[[Any], Any]:
    def convert(cell: Any) -> Any:
        text = _text(cell)
        return None if text is None else parse(text, name)

    return convert


def _units(cell: Any) -> list[str]:
    text = _text(cell)
    if text is None:
        return []
    return [unit.strip() for unit in text.replace("；", ";").split(";") if unit.strip()]


def case_number(cell: Any) -> str | None:
    """A case number cell as a record reads it (None if empty; raises ValueError as the row
    would)."""
    return _identifier(cell, "number")


def _identifier(cell: Any, column: str) -> str | None:
    """An identifier as text, also when a spreadsheet stored it as a number (a 20-digit case
    number, a phone): whole numbers are written out in full, never as ``1.23e+19``."""
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return _text(cell)
    if isinstance(cell, int):
        return str(cell)
    if cell.is_integer() and abs(cell) < EXACT_FLOAT:
        return str(int(cell))
    raise ValueError(
        _(
            "The spreadsheet stored column %(column)s as a number and lost digits (%(value)s): "
            "format the column as text and export the file again."
        )
        % {"column": column, "value": cell}
    )


def _identifier_of(column: str) -> Callable[[Any], str | None]:
    return lambda cell: _identifier(cell, column)


IDENTIFIER_COLUMNS = ("number", "caller_id", "caller_phone")


def _converters() -> dict[str, Callable[[Any], Any]]:
    converters: dict[str, Callable[[Any], Any]] = {name: _text for name in COLUMNS}
    converters.update({name: _identifier_of(name) for name in IDENTIFIER_COLUMNS})
    converters.update({name: _enum(name) for name in ENUMS})
    converters.update({name: _boolean(name) for name in BOOLEAN_COLUMNS})
    converters.update({name: _datetime(name) for name in DATETIME_COLUMNS})
    converters.update({name: _number(name, _integer) for name in INTEGER_COLUMNS})
    converters.update({name: _number(name, _coordinate) for name in FLOAT_COLUMNS})
    converters["cooperating_units"] = _units
    return converters


DATETIME_FORMATS = (
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
)


def parse_datetime(cell: Any, *, column: str = "received_at") -> dt.datetime | None:
    """Datetimes with an offset keep it; without one they are Beijing time."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, str):
        value = _datetime_from_text(cell.strip(), column)
    elif isinstance(cell, dt.datetime):
        value = cell
    elif isinstance(cell, dt.date):
        value = dt.datetime(cell.year, cell.month, cell.day, tzinfo=BEIJING)
    else:
        value = _datetime_from_text(str(cell).strip(), column)
    offset = value.utcoffset()
    if not YEARS[0] <= value.year <= YEARS[1] or (offset is not None and abs(offset) > MAX_OFFSET):
        raise ValueError(
            _(
                "“%(value)s” in column %(column)s is out of range: years %(first)d to %(last)d, "
                "offsets up to 14 hours."
            )
            % {"value": cell, "column": column, "first": YEARS[0], "last": YEARS[1]}
        )
    return value if value.tzinfo else value.replace(tzinfo=BEIJING)


def _datetime_from_text(text: str, column: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    for pattern in DATETIME_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern)  # noqa: DTZ007 (made aware by the caller)
        except ValueError:
            continue
    raise ValueError(
        _("“%(value)s” in column %(column)s is not a date and time (2021-03-05 08:30).")
        % {"value": text, "column": column}
    )


def _text(cell: Any) -> str | None:
    if cell.__class__ is str:  # CSV cells (the common case first: millions of calls)
        text = cell.strip()
        if text[:1] == "'":  # a formula written as text on export (core.spreadsheets)
            text = read_text(text)
        return text or None
    if cell is None:
        return None
    return str(cell).strip() or None


def _required(value: Any, column: str) -> Any:
    if value is None:
        raise ValueError(
            _("The mandatory column %(column)s is empty.")
            % {"column": f"{column} ({CHINESE_HEADERS[column]})"}
        )
    return value


def _integer(text: str, column: str) -> int:
    try:
        number = float(text)  # "2", "2.0" (spreadsheets); not "nan", "inf" or "2.5"
        if not number.is_integer():
            raise ValueError(text)
    except ValueError:
        raise ValueError(
            _("Column %(column)s takes a whole number, not “%(value)s”.")
            % {"column": column, "value": text}
        ) from None
    if number < 0:
        raise ValueError(_("Column %(column)s cannot be negative.") % {"column": column})
    if number > MAX_COUNT:
        raise ValueError(
            _("Column %(column)s cannot exceed %(limit)d.") % {"column": column, "limit": MAX_COUNT}
        )
    return int(number)


def _coordinate(text: str, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(
            _("Column %(column)s takes a decimal number, not “%(value)s”.")
            % {"column": column, "value": text}
        ) from None
    limit = 90 if column == "latitude" else 180
    if not -limit <= value <= limit:
        raise ValueError(_("%(column)s is out of range.") % {"column": column})
    return value


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    with path.open(newline="", encoding=csv_encoding(path)) as handle:
        yield from csv_rows(handle)


def csv_rows(lines: Iterable[str]) -> Iterator[tuple[int, list[Any]]]:
    """The rows of CSV text given line by line (split as ``newline=""`` splits them):
    (line, cells), the line being the last one the row spans."""
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(lines)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield reader.line_num, _unreadable(error)
            continue
        yield reader.line_num, cells


def _unreadable(error: csv.Error) -> UnreadableRow:
    # The reader starts afresh on the next line: the rest of the file is still read.
    return UnreadableRow(_("The row cannot be read as CSV: %(reason)s") % {"reason": error})


def csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), else GB 18030 as written by Chinese spreadsheet software."""
    size = 1 << 16
    with path.open("rb") as handle:
        sample = handle.read(size)
    for encoding in ("utf-8-sig", "gb18030"):
        # Incremental decoding: a multi-byte character cut at the end of the sample is no error.
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(sample, final=len(sample) < size)
        except UnicodeDecodeError:
            continue
        return encoding
    raise CaseFileError(_("The file is neither UTF-8 nor GB 18030 text."))


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors for a bad file
        raise CaseFileError(_("The file is not a readable XLSX workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, list(cells)
    finally:
        workbook.close()


CONVERTERS = _converters()


# --- Writing ---------------------------------------------------------------------------------


def format_value(name: str, value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(value)
    return value


class CaseWriter:
    """Writes rows (dicts keyed by canonical column names) as CSV or XLSX, streaming."""

    def __init__(
        self,
        target: Path | str | IO[str],
        *,
        xlsx: bool = False,
        chinese_headers: bool = False,
        extra_columns: Iterable[str] = (),
    ) -> None:
        self.columns = [*COLUMNS, *extra_columns]
        self.header = [CHINESE_HEADERS.get(c, c) if chinese_headers else c for c in self.columns]
        self.xlsx = xlsx
        self._close: Any = None
        if xlsx:
            from openpyxl import Workbook

            if not isinstance(target, str | Path):
                raise CaseFileError("XLSX output needs a file path.")
            self._path = Path(target)
            self._workbook = Workbook(write_only=True)
            self._sheet = self._workbook.create_sheet("cases")
            self._sheet.append(xlsx_row(self._sheet, self.header))
        else:
            handle: IO[str]
            if isinstance(target, str | Path):
                # Closed in close(): the writer outlives this constructor.
                handle = Path(target).open("w", newline="", encoding="utf-8-sig")  # noqa: SIM115
                self._close = handle.close
            else:
                handle = target
            self._csv = csv.writer(handle)
            self._csv.writerow(csv_row(self.header))

    def write(self, row: dict[str, Any]) -> None:
        """One row; text that a spreadsheet would run as a formula is written as text."""
        cells = [format_value(c, row.get(c)) for c in self.columns]
        if self.xlsx:
            # Every cell a text cell: identifiers keep their digits, nothing becomes a formula.
            self._sheet.append(xlsx_row(self._sheet, [str(cell) for cell in cells]))
        else:
            self._csv.writerow(csv_row(cells))

    def close(self) -> None:
        if self.xlsx:
            self._workbook.save(self._path)
        elif self._close:
            self._close()

    def __enter__(self) -> CaseWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
