"""Readable names for the codes in case files: categories, handling units."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from minsheng.cases.places import Gazetteer

CATEGORIES_CSV = Path(__file__).resolve().parent / "data" / "categories.csv"


@functools.cache
def categories() -> dict[str, tuple[str, str]]:
    """Code -> (Chinese name, English name) of the default taxonomy."""
    with CATEGORIES_CSV.open(encoding="utf-8") as handle:
        return {row["code"]: (row["name"], row["name_en"]) for row in csv.DictReader(handle)}


@functools.cache
def _paths() -> dict[str, str]:
    """Name path ("物业管理/物业服务/物业费收费争议") -> code, and a name alone -> its deepest code."""
    known = categories()
    found: dict[str, str] = {}
    for code in sorted(known, key=len, reverse=True):  # deepest first: a lone name means a leaf
        names = [known[code[:end]][0] for end in range(2, len(code) + 1, 2) if code[:end] in known]
        found["/".join(names)] = code
        found.setdefault(known[code][0], code)
    return found


def category_code(value: str) -> str | None:
    """The taxonomy code of a category given as a code, a name path or a name (None if unknown)."""
    if value in categories():
        return value
    return _paths().get(value.strip().strip("/"))


def category_names(value: str) -> tuple[str, str]:
    """Names of a category given as a code or as a name path ("物业管理/物业服务/…")."""
    code = category_code(value)
    return categories()[code] if code else (value, value)


@functools.cache
def _organisations() -> dict[str, tuple[str, str]]:
    from minsheng.people.demo import COMPANIES, DEPARTMENTS

    return {code: (name, name_en) for code, name, name_en in (*DEPARTMENTS, *COMPANIES)}


def unit_names(code: str) -> tuple[str, str]:
    """Names of a handling unit given by organisation code (``SD-…``, ``DG-…``, ``BJ-…``)."""
    gazetteer = Gazetteer.default()
    if code.startswith("SD-") and code[3:] in gazetteer.subdistricts:
        region = gazetteer.subdistricts[code[3:]]
        return f"{region.name}办事处", f"{region.name} office"
    if code.startswith("DG-") and code[3:] in gazetteer.districts:
        region = gazetteer.districts[code[3:]]
        return f"{region.name}人民政府", f"{region.name} government"
    return _organisations().get(code, (code, code))
