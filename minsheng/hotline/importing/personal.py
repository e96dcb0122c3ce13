"""Personal data outside the caller's columns: recognised, and never kept in clear.

A case file's caller columns are stored encrypted, hashed and masked (``rows.caller_columns``).
Other columns a file brings along are kept in ``hotline_case.extra``: before that, columns
whose name says they hold a phone or an identity document (联系电话, 身份证号, phone …) and cells
whose content looks like a resident ID number or a phone number are set aside, counted in the
import's summary and not stored at all.

The file of rejected rows keeps every cell so that the rows can be corrected and imported
again; its personal cells (the caller's columns and the ones recognised here) are encrypted
with the platform's key (:func:`seal`), so the file alone tells nothing to whoever finds it.
``minsheng reveal-rejected`` and the audited download on the import's page give the importing
user a readable copy.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.utils import timezone

from minsheng.core import crypto
from minsheng.core.identity import EARLIEST_BIRTH, PROVINCE_CODES

# The caller's own columns (canonical names): always personal.
CALLER_COLUMNS = ("caller_id", "caller_name", "caller_phone")
# Words in a column name that say it holds contact or identity data (compared in lower case).
PERSONAL_WORDS = (
    "电话",
    "手机",
    "联系方式",
    "身份证",
    "证件",
    "护照",
    "住址",
    "姓名",
    "phone",
    "mobile",
    "tel",
    "id_number",
    "idnumber",
    "id number",
    "id_card",
    "idcard",
    "id card",
    "passport",
    "identity",
)
PERSONAL_NAMES = frozenset({"id", "name", "身份证号", "证件号"})
# A resident ID (18 characters, or 15 digits before 1999), a mobile, a landline with its area code.
_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{4})(\d\d)(\d\d)\d{3}[\dXx](?![0-9A-Za-z])")
_OLD_RESIDENT_ID = re.compile(r"(?<!\d)(\d{6})(\d\d)(\d\d)(\d\d)\d{3}(?!\d)")
_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[- ]\d{7,8}(?!\d)")
SEALED = "sealed:"


def personal_header(name: str) -> bool:
    """Whether a column of this name holds personal data."""
    text = name.strip().lower()
    return text in PERSONAL_NAMES or any(word in text for word in PERSONAL_WORDS)


def looks_personal(text: str) -> bool:
    """Whether ``text`` holds what looks like a resident ID number or a phone number."""
    if len(text) < 11:  # the shortest: a mobile number
        return False
    for match in _RESIDENT_ID.finditer(text):
        if _plausible(match.group(1), match.group(2), match.group(3), match.group(4)):
            return True
    for match in _OLD_RESIDENT_ID.finditer(text):
        if _plausible(match.group(1), "19" + match.group(2), match.group(3), match.group(4)):
            return True
    return bool(_PHONE.search(text) or _LANDLINE.search(text))


def _plausible(region: str, year: str, month: str, day: str) -> bool:
    if region[:2] not in PROVINCE_CODES:
        return False
    try:
        born = dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return EARLIEST_BIRTH <= born <= timezone.localdate()


def withheld_columns(header: Iterable[str], canonical: Iterable[bool]) -> list[str]:
    """The names of the file's extra columns that are personal by their name."""
    return [
        name
        for name, is_canonical in zip(header, canonical, strict=True)
        if not is_canonical and name and personal_header(name)
    ]


def storable_extra(extra: dict[str, str], withheld: frozenset[str]) -> tuple[dict[str, str], int]:
    """``extra`` without personal columns and cells, and how many cells were set aside."""
    if not extra:
        return extra, 0
    kept = {
        name: value
        for name, value in extra.items()
        if name not in withheld and not looks_personal(value)
    }
    return kept, len(extra) - len(kept)


# --- The file of rejected rows ------------------------------------------------------------------


def seal(text: str) -> str:
    return SEALED + crypto.encrypt(text)


def unseal(cell: str) -> str:
    """A sealed cell's clear text (other cells are returned as they are)."""
    return crypto.decrypt(cell[len(SEALED) :]) if cell.startswith(SEALED) else cell


def personal_positions(header: list[str], canonical_names: list[str | None]) -> frozenset[int]:
    """Positions of the personal columns: the caller's, and those named as personal."""
    return frozenset(
        position
        for position, (raw, name) in enumerate(zip(header, canonical_names, strict=True))
        if name in CALLER_COLUMNS or (name is None and raw and personal_header(raw))
    )


def sealed_cells(cells: Iterable[Any], positions: frozenset[int]) -> Iterator[Any]:
    """The cells of a rejected row, personal ones sealed (by column, or by their content in
    columns that are not the case's own)."""
    for position, cell in enumerate(cells):
        text = "" if cell is None else str(cell)
        if text and (position in positions or looks_personal(text)):
            yield seal(text)
        else:
            yield cell


def reveal_file(source: Path, target: Path) -> int:
    """Write ``source`` (a file of rejected rows) to ``target`` with its sealed cells in clear;
    the number of cells revealed."""
    revealed = 0
    with (
        source.open(newline="", encoding="utf-8-sig") as reading,
        target.open("w", newline="", encoding="utf-8-sig") as writing,
    ):
        writer = csv.writer(writing)
        for row in csv.reader(reading):
            clear = [unseal(cell) for cell in row]
            revealed += sum(1 for cell in row if cell.startswith(SEALED))
            writer.writerow(clear)
    return revealed


def revealed_lines(source: Path) -> Iterator[str]:
    """The file of rejected rows as CSV text with its sealed cells in clear (a download)."""
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    with source.open(newline="", encoding="utf-8-sig") as reading:
        for count, row in enumerate(csv.reader(reading), start=1):
            writer.writerow([unseal(cell) for cell in row])
            if count % 500 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate(0)
    yield buffer.getvalue()
