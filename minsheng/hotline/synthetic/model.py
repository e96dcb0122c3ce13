"""What a kind of request looks like to the generator: a :class:`Scenario`.

A scenario is one concrete problem or question (a broken street light, a gym that closed with its
members' money), with the categories a dispatcher would file it under, the place it happens at,
the fragments its callers' words are composed from, when in the year it comes up, who handles it
and how that usually ends. Planted problems are scenarios with a :class:`Footprint` (the
sub-districts and compounds they afflict) and a ground-truth key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Weights = tuple[tuple[str, float], ...]

FLAT = (1.0,) * 12
WINTER = (3.0, 2.2, 1.4, 0.5, 0.2, 0.2, 0.2, 0.2, 0.3, 0.6, 2.2, 3.0)
HEATING = (3.2, 2.4, 1.3, 0.15, 0.05, 0.05, 0.05, 0.05, 0.1, 0.4, 3.4, 3.6)  # 15 Nov - 15 Mar
SUMMER = (0.5, 0.5, 0.7, 0.9, 1.2, 1.5, 1.7, 1.6, 1.2, 0.9, 0.7, 0.6)
RAINY = (0.2, 0.2, 0.3, 0.5, 0.9, 1.8, 3.4, 3.0, 1.2, 0.5, 0.3, 0.2)  # July-August rains
SPRING = (0.6, 0.8, 1.6, 1.8, 1.5, 1.1, 0.9, 0.8, 0.9, 1.0, 0.8, 0.6)  # dust, pruning, works
SCHOOL = (0.6, 0.8, 1.4, 2.0, 2.2, 1.8, 1.4, 1.6, 0.8, 0.5, 0.5, 0.5)  # admissions season
YEAR_END = (
    2.2,
    1.8,
    0.8,
    0.7,
    0.7,
    0.7,
    0.7,
    0.7,
    0.8,
    0.9,
    1.2,
    2.0,
)  # wages before Spring Festival
AUTUMN = (0.6, 0.6, 0.8, 0.8, 0.9, 0.9, 1.0, 1.1, 1.3, 1.6, 1.5, 0.9)
GROWING = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.5)


def words(text: str) -> tuple[str, ...]:
    """Names written on one line, separated by spaces."""
    return tuple(text.split())


def lines(text: str) -> tuple[str, ...]:
    """Fragments written one per line."""
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


@dataclass(frozen=True, slots=True)
class Handling:
    """How requests of a scenario usually end."""

    dispatch: float = 1.0  # share dispatched to a unit (the rest the hotline answers itself)
    days: float = 3.0  # median handling time in days
    spread: float = 0.7  # log-normal sigma of the handling time
    results: Weights = (
        ("resolved", 88),
        ("partly_resolved", 5),
        ("explained", 5),
        ("not_resolved", 2),
    )
    explained_accepted: float = 0.7  # chance the caller counts an explanation as an answer
    returns: float = 0.03  # chance of each return by a unit (up to three)
    reopen: float = 0.01
    mood: float = 0.0  # shifts satisfaction: negative means callers stay angry
    response_hours: float = 2.0  # median hours from dispatch to first contact


QUICK = Handling(days=0.8, spread=0.6, response_hours=1.0)
NORMAL = Handling(days=3.0)
SLOW = Handling(
    days=7.0,
    results=(("resolved", 68), ("partly_resolved", 15), ("explained", 12), ("not_resolved", 5)),
    returns=0.06,
    reopen=0.03,
)
CONSULT = Handling(
    dispatch=0.15,
    days=1.0,
    results=(("explained", 80), ("resolved", 20)),
    explained_accepted=0.93,
    returns=0.01,
    reopen=0.002,
    mood=0.1,
)
URGENT = Handling(days=0.3, spread=0.8, response_hours=0.5, returns=0.01)


@dataclass(frozen=True, slots=True)
class Route:
    """Who handles it: the lead unit and, each with a probability, cooperating units.

    Units are ``SD`` (the sub-district office where it happens), ``DG`` (the district government)
    or an organisation code such as ``BJ-ZJW``.
    """

    lead: Weights = (("SD", 1.0),)
    coop: Weights = ()


@dataclass(frozen=True, slots=True)
class Footprint:
    """Where a planted problem lives: a share of the city's sub-districts, a few places in each."""

    districts: Weights  # district code -> weight ("*" = all others)
    coverage: float  # share of sub-districts of the favoured districts that are afflicted
    places_per_subdistrict: tuple[int, int]
    repeat_share: float  # share of cases from the problem's own repeat callers
    callers_per_place: int = 4


@dataclass(frozen=True, slots=True)
class Scenario:
    key: str
    categories: Weights
    weight: float  # relative volume (per mille of all cases before seasonality)
    kinds: Weights
    place: str  # compound, old_compound, resettlement, road, school, kindergarten, gym, ...
    titles: tuple[str, ...]
    texts: tuple[str, ...]
    details: tuple[str, ...] = ()
    demands: tuple[str, ...] = ()
    season: tuple[float, ...] = FLAT
    route: Route = Route()
    handling: Handling = NORMAL
    urgency: Weights = (("normal", 1.0),)
    fixes: tuple[str, ...] = ()
    explanations: tuple[str, ...] = ()
    problem: str | None = None  # ground-truth key of planted problems and decoys
    footprint: Footprint | None = None
    hotspots: int = 3  # sub-districts where an ordinary problem is more frequent
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Burst:
    """Short surges of one scenario at one place (a water cut, a night of construction noise)."""

    scenario: str
    per_year: float  # how many such surges a year of ``count`` cases holds, per 100,000 cases
    size: tuple[int, int]  # cases per surge at 100,000 cases a year
    days: tuple[int, int]
    season: tuple[float, ...] = FLAT
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class PlantedProblem:
    """Ground-truth description of a planted problem (for help texts, docs and tests)."""

    key: str
    label: str
    label_en: str
    role: str  # "chronic", "decoy" or "surge"
    description: str
