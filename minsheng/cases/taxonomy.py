"""The default category taxonomy (``data/categories.csv``) and loading it idempotently."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DEFAULT_CSV = Path(__file__).resolve().parent / "data" / "categories.csv"
WASTE_SORTING = "02"
PROPERTY_MANAGEMENT = "03"
FOCUS_AREAS = (WASTE_SORTING, PROPERTY_MANAGEMENT)


def read_default() -> list[dict[str, str]]:
    with DEFAULT_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_default(category_model: Any) -> int:
    """Create the categories of the default file that are missing; returns how many."""
    existing = dict(category_model.objects.values_list("code", "id"))
    created = 0
    for row in sorted(read_default(), key=lambda r: r["code"]):
        if row["code"] in existing:
            continue
        category = category_model.objects.create(
            code=row["code"],
            name=row["name"],
            name_en=row["name_en"],
            parent_id=existing.get(row["parent_code"]) if row["parent_code"] else None,
            level=len(row["code"]) // 2,
        )
        existing[category.code] = category.id
        created += 1
    return created
