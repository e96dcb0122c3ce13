"""Straight-line distance on the Earth, enough for a fence of a few hundred metres."""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class Position:
    """Where the phone said it was, and how sure it was (metres, as the browser reports it)."""

    latitude: float
    longitude: float
    accuracy_m: float

    def valid(self) -> bool:
        return (
            -90 <= self.latitude <= 90
            and -180 <= self.longitude <= 180
            and 0 <= self.accuracy_m < 100_000
        )


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))
