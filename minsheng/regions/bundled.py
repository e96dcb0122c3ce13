"""The region tree shipped with Minsheng: Beijing's districts, sub-districts and some communities.

``regions.demo`` loads it into the database; ``cases.places`` reads it for analyses that run
without one. Nothing else opens the file.
"""

from pathlib import Path

BEIJING_CSV = Path(__file__).resolve().parent / "data" / "beijing.csv"
