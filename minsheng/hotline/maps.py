"""The map on the report page and the case page: drawn only when a tile URL is configured
(``MINSHENG_MAP_TILES``); without it, or without JavaScript, the typed latitude and longitude
stay the way to give a spot."""

from __future__ import annotations

from typing import Any

from django.conf import settings

# Where the map opens when no spot is known yet: central Beijing.
BEIJING_CENTRE = (39.9042, 116.4074)


def map_context(*, latitude: float | None = None, longitude: float | None = None) -> dict[str, Any]:
    """What the map template needs; an empty ``map_tiles`` means the page has no map."""
    return {
        "map_tiles": settings.MINSHENG_MAP_TILES,
        "map_attribution": settings.MINSHENG_MAP_ATTRIBUTION,
        "map_subdomains": settings.MINSHENG_MAP_SUBDOMAINS,
        "map_centre": BEIJING_CENTRE,
        "map_point": (latitude, longitude)
        if latitude is not None and longitude is not None
        else None,
    }
