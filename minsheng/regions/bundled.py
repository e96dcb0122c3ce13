"""The region tree shipped with Minsheng: Beijing's districts, sub-districts and some communities.

``regions.demo`` loads it into the database; ``cases.places`` reads it for analyses that run
without one. Nothing else opens the file.

``beijing-districts.geojson`` holds schematic outlines of the 16 districts (made by
``scripts/district_outlines.py``), drawn by the maps when no tiles are configured.
"""

from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
BEIJING_CSV = DATA / "beijing.csv"
DISTRICT_OUTLINES = DATA / "beijing-districts.geojson"


@cache
def district_outlines() -> bytes:
    return DISTRICT_OUTLINES.read_bytes()
