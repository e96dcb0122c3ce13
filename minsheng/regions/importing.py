"""Loading an official division list (``code,name,name_en,level,parent_code``).

Every row is accounted for: created, updated, unchanged or rejected with its line and reason.
A file with errors changes nothing unless ``skip_invalid`` is set, in which case the valid rows
(and only the rows whose parents are valid) are applied.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _

from minsheng.audit.actions import record
from minsheng.regions.models import Region

COLUMNS = ("code", "name", "name_en", "level", "parent_code")
LEVEL_ALIASES = {
    Region.Level.CITY: {"1", "city", "市"},
    Region.Level.DISTRICT: {"2", "district", "county", "区", "县"},
    Region.Level.SUBDISTRICT: {
        "3",
        "subdistrict",
        "sub-district",
        "township",
        "town",
        "street",
        "街道",
        "乡镇",
        "镇",
        "乡",
        "地区",
    },
    Region.Level.COMMUNITY: {"4", "community", "village", "社区", "村", "居委会", "村委会"},
}
CODE_LENGTHS: dict[int, int] = {
    Region.Level.CITY: 6,
    Region.Level.DISTRICT: 6,
    Region.Level.SUBDISTRICT: 9,
}


@dataclass(frozen=True)
class RegionRow:
    line: int
    code: str
    name: str
    name_en: str
    level: int
    parent_code: str


@dataclass(frozen=True)
class RejectedRow:
    line: int
    code: str
    reason: str


@dataclass
class RegionImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.rejected


class RegionFileError(ValueError):
    """The file as a whole cannot be read (wrong columns, not CSV, not UTF-8)."""


def read_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) pairs; the header is line 1."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise RegionFileError(
                    _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
                )
            for row in reader:
                yield (
                    reader.line_num,
                    {key: (value or "").strip() for key, value in row.items() if key},
                )
    except UnicodeDecodeError as error:
        raise RegionFileError(_("The file is not UTF-8 encoded text.")) from error


def normalise_code(code: str, level: int) -> str:
    """Accept 12-digit statistical codes for districts and sub-districts (trailing zeros)."""
    wanted = CODE_LENGTHS.get(level)
    if wanted and len(code) == 12 and code[wanted:] == "0" * (12 - wanted):
        return code[:wanted]
    return code


def parse_level(raw: str) -> int | None:
    value = raw.strip().lower()
    for level, aliases in LEVEL_ALIASES.items():
        if value in aliases:
            return int(level)
    return None


def parse_row(line: int, raw: dict[str, str]) -> RegionRow | RejectedRow:
    code = raw.get("code", "")
    level = parse_level(raw.get("level", ""))
    if level is None:
        return RejectedRow(
            line, code, _("Unknown level “%(level)s”.") % {"level": raw.get("level", "")}
        )
    code = normalise_code(code, level)
    expected = CODE_LENGTHS.get(level, 12)
    twelve_digit_subdistrict = level == Region.Level.SUBDISTRICT and len(code) == 12
    if not code.isdigit() or (len(code) != expected and not twelve_digit_subdistrict):
        return RejectedRow(
            line,
            code,
            _("The code “%(code)s” is not a %(digits)s-digit division code.")
            % {"code": code, "digits": expected},
        )
    if not raw.get("name"):
        return RejectedRow(line, code, _("The Chinese name is missing."))
    parent_code = raw.get("parent_code", "")
    if level > 1 and parent_code:
        parent_code = normalise_code(parent_code, level - 1)
    return RegionRow(line, code, raw["name"], raw.get("name_en", ""), level, parent_code)


def import_regions(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    skip_invalid: bool = False,
    source: str = "",
) -> RegionImportResult:
    result = RegionImportResult()
    valid = _validate(rows, result)
    if result.rejected and not skip_invalid:
        return result
    _apply(valid, result, source)
    result.applied = True
    return result


def _validate(
    rows: Iterable[tuple[int, dict[str, str]]], result: RegionImportResult
) -> list[RegionRow]:
    by_code: dict[str, RegionRow] = {}
    for line, raw in rows:
        parsed = parse_row(line, raw)
        if isinstance(parsed, RejectedRow):
            result.rejected.append(parsed)
        elif parsed.code in by_code:
            result.rejected.append(
                RejectedRow(
                    line,
                    parsed.code,
                    _("The code %(code)s already appears on line %(line)s.")
                    % {"code": parsed.code, "line": by_code[parsed.code].line},
                )
            )
        else:
            by_code[parsed.code] = parsed
    return _check_parents(by_code, result)


def _check_parents(by_code: dict[str, RegionRow], result: RegionImportResult) -> list[RegionRow]:
    existing = {code: level for code, level in Region.objects.values_list("code", "level")}
    rejected_codes = {row.code for row in result.rejected}
    accepted: dict[str, RegionRow] = {}
    # Parents before children, so that a child of a rejected row is rejected too.
    for row in sorted(by_code.values(), key=lambda r: (r.level, r.line)):
        reason = _parent_problem(row, by_code, existing, accepted, rejected_codes)
        if reason:
            result.rejected.append(RejectedRow(row.line, row.code, reason))
            rejected_codes.add(row.code)
        else:
            accepted[row.code] = row
    result.rejected.sort(key=lambda rejected: rejected.line)
    return list(accepted.values())


def _parent_problem(
    row: RegionRow,
    by_code: dict[str, RegionRow],
    existing: dict[str, int],
    accepted: dict[str, RegionRow],
    rejected_codes: set[str],
) -> str | None:
    if row.level == Region.Level.CITY:
        return _("A city has no parent.") if row.parent_code else None
    if not row.parent_code:
        return _("The parent code is missing.")
    if _in_cycle(row, by_code):
        return _("The parent chain of %(code)s loops back to itself.") % {"code": row.code}
    if row.parent_code in rejected_codes:
        return _("Its parent %(parent)s was rejected.") % {"parent": row.parent_code}
    parent_level = (
        accepted[row.parent_code].level
        if row.parent_code in accepted
        else existing.get(row.parent_code)
    )
    if parent_level is None:
        return _("Unknown parent code %(parent)s.") % {"parent": row.parent_code}
    if parent_level != row.level - 1:
        return _(
            "A region of level %(level)s cannot sit under a region of level %(parent_level)s."
        ) % {
            "level": row.level,
            "parent_level": parent_level,
        }
    return None


def _in_cycle(row: RegionRow, by_code: dict[str, RegionRow]) -> bool:
    seen = {row.code}
    current = by_code.get(row.parent_code)
    while current is not None:
        if current.code in seen:
            return True
        seen.add(current.code)
        current = by_code.get(current.parent_code)
    return False


@transaction.atomic
def _apply(rows: list[RegionRow], result: RegionImportResult, source: str) -> None:
    regions = {region.code: region for region in Region.objects.select_for_update()}
    moved: list[tuple[str, str]] = []
    changes: list[dict[str, object]] = []
    for row in sorted(rows, key=lambda r: (r.level, r.code)):
        parent = regions.get(row.parent_code) if row.parent_code else None
        region = regions.get(row.code)
        if region is None:
            region = Region(code=row.code, name=row.name, name_en=row.name_en, level=row.level)
            region.parent = parent
            region.path = region.compute_path()
            region.save()
            regions[row.code] = region
            result.created += 1
            continue
        before = {"name": region.name, "name_en": region.name_en, "parent": region.parent_id}
        old_path = region.path
        region.name, region.name_en, region.level, region.parent = (
            row.name,
            row.name_en,
            row.level,
            parent,
        )
        region.path = region.compute_path()
        after = {"name": region.name, "name_en": region.name_en, "parent": region.parent_id}
        if before == after:
            result.unchanged += 1
            continue
        region.save()
        result.updated += 1
        changes.append({"code": row.code, "before": before, "after": after})
        if region.path != old_path:
            moved.append((old_path, region.path))
    for old_path, new_path in moved:
        _move_subtree(old_path, new_path)
    if not (result.created or result.updated):
        return
    record(
        action="regions.import",
        target=None,
        after={
            "source": source,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": len(result.rejected),
            "changes": changes[:500],
        },
    )


def _move_subtree(old_path: str, new_path: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Region._meta.db_table} SET path = %s || substr(path, %s) "
            "WHERE path LIKE %s AND path <> %s",
            [new_path, len(old_path) + 1, old_path.replace("%", r"\%") + "%", new_path],
        )
