"""The districts' schematic outlines: shipped with the region data, served from this site, one
shape per district of the region tree, the shapes side by side without overlapping."""

from __future__ import annotations

import csv
import json

import pytest
from django.urls import reverse

from minsheng.regions import bundled

# Places well inside one district each (latitude, longitude).
LANDMARKS = {
    "110119": (40.46, 115.97),  # Yanqing's town
    "110118": (40.50, 116.98),  # Miyun reservoir
    "110112": (39.90, 116.68),  # Tongzhou, the city's sub-centre
    "110111": (39.70, 115.95),  # Fangshan
    "110108": (39.99, 116.30),  # Haidian, Zhongguancun
    "110105": (39.93, 116.48),  # Chaoyang, the CBD
}


def _outlines() -> dict:
    return json.loads(bundled.district_outlines())


def _inside(ring: list[list[float]], lng: float, lat: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > lat) != (y2 > lat) and lng < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _districts_at(lat: float, lng: float) -> list[str]:
    found = []
    for feature in _outlines()["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        if any(_inside(polygon[0], lng, lat) for polygon in polygons):
            found.append(feature["properties"]["code"])
    return found


def test_the_outlines_are_served_from_this_site_as_geojson(client, db):
    answer = client.get(reverse("district_outlines"))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/geo+json"
    assert "public" in answer["Cache-Control"]
    data = json.loads(answer.content)
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 16


def test_every_district_of_the_region_tree_has_one_outline_with_both_names():
    with bundled.BEIJING_CSV.open(encoding="utf-8") as rows:
        districts = {row["code"]: row for row in csv.DictReader(rows) if row["level"] == "district"}
    features = {f["properties"]["code"]: f for f in _outlines()["features"]}
    assert features.keys() == districts.keys()
    for code, feature in features.items():
        assert feature["properties"]["name"] == districts[code]["name"]
        assert feature["properties"]["name_en"] == districts[code]["name_en"]
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")


@pytest.mark.parametrize(("code", "spot"), LANDMARKS.items())
def test_a_landmark_lies_in_its_district(code, spot):
    assert _districts_at(*spot) == [code]


def test_the_shapes_do_not_overlap_and_cover_the_city_centre():
    for step in range(40):
        lat, lng = 39.80 + step * 0.01, 116.20 + step * 0.012
        assert len(_districts_at(lat, lng)) == 1, (lat, lng)
    assert _districts_at(41.5, 116.4) == []  # north of the municipality, in Hebei
