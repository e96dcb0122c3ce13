"""Write minsheng/regions/data/beijing-districts.geojson: schematic outlines of the 16 districts.

The outlines are for orientation on a map without tiles, not surveyed boundaries. They are built
from hand-placed points: a rough outline of the municipality and, for each district, a few
points spread over its area. Every place inside the outline belongs to the district of its
nearest point (a Voronoi diagram), so neighbouring districts share their borders exactly, with
no gaps and no overlaps. Run it again after moving a point:

    .venv/bin/python scripts/district_outlines.py
"""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.spatial import Voronoi

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "minsheng" / "regions" / "data"
OUT = DATA / "beijing-districts.geojson"

# The municipality's border, clockwise from the west (longitude, latitude).
OUTLINE = [
    (115.42, 39.95), (115.50, 40.10), (115.75, 40.16), (115.73, 40.45), (115.78, 40.58),
    (115.98, 40.72), (116.25, 40.73), (116.40, 40.90), (116.45, 41.05), (116.65, 41.06),
    (116.72, 40.90), (117.00, 40.85), (117.30, 40.70), (117.51, 40.63), (117.40, 40.45),
    (117.40, 40.25), (117.20, 40.05), (116.95, 40.05), (116.93, 39.85), (116.90, 39.70),
    (116.75, 39.60), (116.60, 39.55), (116.45, 39.44), (116.30, 39.50), (116.10, 39.52),
    (115.90, 39.50), (115.65, 39.55), (115.45, 39.70),
]  # fmt: skip

# Points spread over each district (longitude, latitude), by district code.
POINTS = {
    "110101": [(116.415, 39.93), (116.42, 39.885), (116.41, 39.955)],  # Dongcheng
    "110102": [(116.365, 39.93), (116.37, 39.885), (116.375, 39.955)],  # Xicheng
    "110105": [  # Chaoyang
        (116.48, 39.93), (116.47, 39.99), (116.56, 39.96), (116.50, 39.87), (116.45, 40.04),
        (116.60, 40.03), (116.55, 39.85), (116.63, 39.92),
    ],
    "110106": [(116.29, 39.86), (116.20, 39.84), (116.38, 39.835), (116.12, 39.82)],  # Fengtai
    "110107": [(116.19, 39.915), (116.22, 39.945)],  # Shijingshan
    "110108": [  # Haidian
        (116.30, 39.96), (116.27, 40.02), (116.18, 40.07), (116.32, 39.92), (116.345, 40.00),
        (116.12, 40.00), (116.33, 40.045),
    ],
    "110109": [  # Mentougou
        (115.95, 39.95), (115.70, 40.00), (115.55, 39.95), (116.05, 39.98), (115.85, 40.08),
        (116.05, 40.05),
    ],
    "110111": [  # Fangshan
        (116.05, 39.70), (115.80, 39.70), (115.60, 39.65), (116.15, 39.75), (115.95, 39.58),
        (116.12, 39.60), (115.80, 39.82),
    ],
    "110112": [(116.66, 39.90), (116.75, 39.80), (116.70, 39.68), (116.85, 39.85), (116.80, 39.98)],
    "110113": [(116.65, 40.13), (116.80, 40.15), (116.55, 40.18), (116.90, 40.08), (116.72, 40.25)],
    "110114": [  # Changping
        (116.23, 40.22), (116.10, 40.25), (116.35, 40.16), (116.40, 40.085), (116.00, 40.30),
        (116.30, 40.30), (116.45, 40.20),
    ],
    "110115": [(116.35, 39.72), (116.50, 39.70), (116.38, 39.55), (116.30, 39.78), (116.55, 39.62)],
    "110116": [  # Huairou
        (116.63, 40.32), (116.55, 40.50), (116.60, 40.75), (116.55, 40.95), (116.45, 40.42),
    ],
    "110117": [(117.12, 40.14), (117.25, 40.25), (117.00, 40.20)],  # Pinggu
    "110118": [  # Miyun
        (116.85, 40.38), (117.00, 40.55), (117.25, 40.60), (116.85, 40.70), (117.40, 40.60),
        (116.95, 40.80),
    ],
    "110119": [  # Yanqing
        (115.97, 40.46), (116.20, 40.55), (115.85, 40.55), (116.35, 40.62), (116.05, 40.66),
    ],
}  # fmt: skip

OUTSIDE = "outside"
STEP = 0.02  # the outline is sampled this often (degrees)
MIRROR = 0.006  # inside and outside points this far either side of the outline


def main() -> None:
    names = _district_names()
    seeds, labels = _seeds()
    rings = _rings(seeds, labels)
    features = [
        {
            "type": "Feature",
            "properties": {"code": code, **names[code]},
            "geometry": _geometry(rings[code]),
        }
        for code in sorted(POINTS)
    ]
    OUT.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    print(f"{OUT.relative_to(ROOT)}: {len(features)} districts")


def _district_names() -> dict[str, dict[str, str]]:
    with (DATA / "beijing.csv").open(encoding="utf-8") as rows:
        return {
            row["code"]: {"name": row["name"], "name_en": row["name_en"]}
            for row in csv.DictReader(rows)
            if row["level"] == "district"
        }


def _seeds() -> tuple[np.ndarray, list[str]]:
    """The districts' points, mirrored pairs along the outline, and a far frame outside."""
    points: list[tuple[float, float]] = []
    labels: list[str] = []
    for code, spots in POINTS.items():
        points += spots
        labels += [code] * len(spots)
    district_points = np.array(points)
    district_labels = list(labels)
    for (x, y), (nx, ny) in _outline_samples():
        inside = (x - nx * MIRROR, y - ny * MIRROR)
        nearest = int(np.argmin(((district_points - inside) ** 2).sum(axis=1)))
        points += [inside, (x + nx * MIRROR, y + ny * MIRROR)]
        labels += [district_labels[nearest], OUTSIDE]
    for angle in range(0, 360, 10):
        points.append(
            (116.5 + 5 * math.cos(math.radians(angle)), 40.2 + 5 * math.sin(math.radians(angle)))
        )
        labels.append(OUTSIDE)
    return np.array(points), labels


def _outline_samples() -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Points along the outline with their outward normals (clockwise outline: left is out)."""
    samples = []
    for (x1, y1), (x2, y2) in zip(OUTLINE, OUTLINE[1:] + OUTLINE[:1], strict=True):
        length = math.hypot(x2 - x1, y2 - y1)
        nx, ny = -(y2 - y1) / length, (x2 - x1) / length
        steps = max(1, round(length / STEP))
        for i in range(steps):
            t = (i + 0.5) / steps
            samples.append(((x1 + t * (x2 - x1), y1 + t * (y2 - y1)), (nx, ny)))
    return samples


def _rings(seeds: np.ndarray, labels: list[str]) -> dict[str, list[list[tuple[float, float]]]]:
    """Each district's closed rings: the Voronoi edges between it and anything else."""
    diagram = Voronoi(seeds)
    edges: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for (a, b), (u, v) in zip(diagram.ridge_points, diagram.ridge_vertices, strict=True):
        if labels[a] == labels[b]:
            continue
        for side in (labels[a], labels[b]):
            if side != OUTSIDE:
                if u < 0 or v < 0:
                    raise SystemExit("a district reaches the diagram's edge: add outside points")
                edges[side].append((u, v))
    return {code: _chain(found, diagram.vertices) for code, found in edges.items()}


def _chain(edges: list[tuple[int, int]], vertices: np.ndarray) -> list[list[tuple[float, float]]]:
    neighbours: dict[int, list[int]] = defaultdict(list)
    for u, v in edges:
        neighbours[u].append(v)
        neighbours[v].append(u)
    unused = {frozenset(edge) for edge in edges}
    rings = []
    while unused:
        start, nxt = tuple(next(iter(unused)))
        ring, previous, current = [start], start, nxt
        unused.discard(frozenset((start, nxt)))
        while current != start:
            ring.append(current)
            step = next(n for n in neighbours[current] if frozenset((current, n)) in unused)
            unused.discard(frozenset((current, step)))
            previous, current = current, step
        del previous
        rings.append(
            [(round(float(vertices[i][0]), 4), round(float(vertices[i][1]), 4)) for i in ring]
        )
    return rings


def _area(ring: list[tuple[float, float]]) -> float:
    closed = ring + ring[:1]
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, closed[1:], strict=True)) / 2


def _geometry(rings: list[list[tuple[float, float]]]) -> dict[str, object]:
    """Counter-clockwise exterior rings (RFC 7946); a district in pieces is a MultiPolygon."""
    polygons = []
    for ring in sorted(rings, key=lambda r: -abs(_area(r))):
        if _area(ring) < 0:
            ring = ring[::-1]
        polygons.append([[list(point) for point in ring + ring[:1]]])
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


if __name__ == "__main__":
    main()
