"""The map on the report page and the case page. With a tile URL (``MINSHENG_MAP_TILES``) it
draws those tiles; without one it draws the districts' schematic outlines shipped with the
region data (``regions.views.district_outlines``), so a spot can still be tapped and nothing is
fetched from another site. Without JavaScript the typed latitude and longitude are the way."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

# Where the map opens when no spot is known yet: central Beijing.
BEIJING_CENTRE = (39.9042, 116.4074)


def map_context(*, latitude: float | None = None, longitude: float | None = None) -> dict[str, Any]:
    """What the map template needs; without tiles, ``map_outlines`` is the outlines' address."""
    tiles = settings.MINSHENG_MAP_TILES
    return {
        "map_tiles": tiles,
        "map_outlines": "" if tiles else reverse("district_outlines"),
        "map_attribution": settings.MINSHENG_MAP_ATTRIBUTION,
        "map_subdomains": settings.MINSHENG_MAP_SUBDOMAINS,
        "map_centre": BEIJING_CENTRE,
        "map_point": (latitude, longitude)
        if latitude is not None and longitude is not None
        else None,
    }
