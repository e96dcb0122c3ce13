from minsheng.regions.bundled import BEIJING_CSV
from minsheng.regions.importing import import_regions, read_csv


def load() -> None:
    """Beijing's 16 districts and a set of real sub-districts and communities."""
    result = import_regions(read_csv(BEIJING_CSV), source="demo")
    if not result.applied:
        raise RuntimeError(f"The bundled region list is invalid: {result.rejected[:3]}")
