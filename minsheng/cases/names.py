"""Readable names for the codes in case files: categories, handling units."""

from __future__ import annotations

import functools

from minsheng.cases.categories import default_index
from minsheng.cases.places import Gazetteer
from minsheng.people.organisations import COMPANIES, DEPARTMENTS


@functools.cache
def categories() -> dict[str, tuple[str, str]]:
    """Code -> (Chinese name, English name) of the default taxonomy."""
    return {code: (e.name, e.name_en) for code, e in default_index().entries.items()}


def category_code(value: str) -> str | None:
    """The taxonomy code of a category given as a code, a name path or a name (None if unknown)."""
    return default_index().code_of(value)


def category_names(value: str) -> tuple[str, str]:
    """Names of a category given as a code or as a name path ("物业管理/物业服务/…")."""
    code = category_code(value)
    if code is None:
        return value, value
    entry = default_index().entries[code]
    return entry.name, entry.name_en


@functools.cache
def _organisations() -> dict[str, tuple[str, str]]:
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
