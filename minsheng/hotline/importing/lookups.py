"""Resolving the names and codes of a case file: places, categories, units.

Loaded once per import. A file names the same few thousand places, categories and units over and
over, so every answer (or the reason a name is refused) is remembered for the rest of the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.utils.translation import gettext as _

from minsheng.cases.categories import CategoryIndex, Entry
from minsheng.hotline.deadlines import Deadlines
from minsheng.hotline.models import Category
from minsheng.people.models import Organisation
from minsheng.regions.models import Region

REGION_SUFFIXES = ("街道", "地区", "镇", "乡", "区", "社区")


@dataclass(frozen=True, slots=True)
class Place:
    district_id: int | None
    subdistrict_id: int | None
    community_id: int | None
    region_path: str


@dataclass(frozen=True, slots=True)
class Unit:
    id: int
    code: str

    @property
    def json(self) -> str:
        return json.dumps(self.code, ensure_ascii=False)


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
        categories = list(
            Category.objects.only("id", "code", "name", "name_en", "level", "parent_id")
        )
        codes = {c.id: c.code for c in categories}
        self.category_by_code = {c.code: c for c in categories}
        self.category_index = CategoryIndex(
            Entry(c.code, c.name, c.name_en, codes.get(c.parent_id, "") if c.parent_id else "")
            for c in categories
        )
        self.units: dict[str, Unit] = {}
        # A case answered by the hotline itself is handled by the centre (no unit in the file).
        self.centre: Unit | None = None
        for unit in Organisation.objects.only("id", "code", "name", "name_en", "kind"):
            found = Unit(unit.id, unit.code)
            if unit.kind == Organisation.Kind.HOTLINE_CENTRE and self.centre is None:
                self.centre = found
            self.units[unit.code.lower()] = found
            self.units.setdefault(unit.name, found)
            if unit.name_en:
                self.units.setdefault(unit.name_en.lower(), found)
        # Working-day deadlines with today's calendar (read here, before rows are prepared).
        self.deadlines = Deadlines()
        self._places: dict[tuple[str | None, str | None, str | None], Place | str] = {}
        self._categories: dict[str | None, int | None | ValueError] = {}
        self._units: dict[str | None, Unit | None | ValueError] = {}

    # --- Cached answers, as the importer asks them ------------------------------------------------

    def place(self, district: str | None, subdistrict: str | None, community: str | None) -> Place:
        """The regions a row names; raises ValueError with the reason to refuse it."""
        key = (district, subdistrict, community)
        found = self._places.get(key)
        if found is None:
            try:
                found = self._resolve_place(district, subdistrict, community)
            except ValueError as error:
                found = str(error)
            self._places[key] = found
        if isinstance(found, str):
            raise ValueError(found)
        return found

    def category_id(self, text: str | None) -> int | None:
        found = self._categories.get(text, _MISSING)
        if found is _MISSING:
            try:
                category = self.category(text)
                found = category.id if category else None
            except ValueError as error:
                found = error
            self._categories[text] = found
        if isinstance(found, ValueError):
            raise found
        return found  # type: ignore[return-value]

    def unit_of(self, text: str | None) -> Unit | None:
        found = self._units.get(text, _MISSING)
        if found is _MISSING:
            try:
                found = self.unit(text)
            except ValueError as error:
                found = error
            self._units[text] = found
        if isinstance(found, ValueError):
            raise found
        return found  # type: ignore[return-value]

    # --- Resolving ------------------------------------------------------------------------------

    def _resolve_place(
        self, district_text: str | None, subdistrict_text: str | None, community_text: str | None
    ) -> Place:
        district = self.region(district_text, Region.Level.DISTRICT, None)
        subdistrict = self.region(subdistrict_text, Region.Level.SUBDISTRICT, district)
        community = None
        if community_text:
            try:
                community = self.region(community_text, Region.Level.COMMUNITY, subdistrict)
            except ValueError:
                community = None  # communities outside the region tree are kept by name
        if community is not None and subdistrict is None:
            subdistrict = self.regions[community.parent_id]  # type: ignore[index]
        if subdistrict is not None and district is None:
            district = self.regions[subdistrict.parent_id]  # type: ignore[index]
        lowest = community or subdistrict or district
        return Place(
            district.id if district else None,
            subdistrict.id if subdistrict else None,
            community.id if community else None,
            lowest.path if lowest else "",
        )

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
        code = self.category_index.code_of(text)
        if code is None:
            raise ValueError(_("Unknown category “%(name)s”.") % {"name": text.strip()})
        return self.category_by_code[code]

    def unit(self, text: str | None) -> Unit | None:
        if not text:
            return None
        found = self.units.get(text.lower()) or self.units.get(text)
        if found is None:
            raise ValueError(_("Unknown handling unit “%(name)s”.") % {"name": text})
        return found


_MISSING: object = object()


def _region_names(region: Region) -> set[str]:
    names = {region.name, region.name_en.lower()} if region.name_en else {region.name}
    for suffix in REGION_SUFFIXES:
        if region.name.endswith(suffix) and len(region.name) > len(suffix) + 1:
            names.add(region.name.removesuffix(suffix))
    return names - {""}
