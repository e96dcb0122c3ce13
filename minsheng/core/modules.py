"""What each app contributes to the shared shell: home-page tiles, what waits for the user,
and demo data.

Apps register here from their ``AppConfig.ready()``, so that adding a module never means editing
the shell's templates or the demo command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Tile:
    """A link on a role's home page."""

    title: Promise
    description: Promise
    url_name: str
    roles: frozenset[str]
    order: int = 100
    url_kwargs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoLoader:
    """Loads an app's demo data; must be idempotent. Lower ``order`` runs first."""

    name: str
    load: Callable[..., None]
    order: int = 100


@dataclass(frozen=True)
class Attention:
    """Work waiting for the user, shown first on their home page ("3 cases wait for dispatch")."""

    text: str
    url_name: str
    urgent: bool = False


# A source looks at the user (their permissions, their scope) and says what waits for them.
AttentionSource = Callable[[Any], list[Attention]]

TILES: list[Tile] = []
DEMO_LOADERS: list[DemoLoader] = []
ATTENTION_SOURCES: list[AttentionSource] = []
# Public (no log-in) results tables that other modules add to the hotline's /12345/results/:
# each builds a table for the given day; the hotline never imports those modules.
PUBLIC_TABLES: list[Callable[[Any], Any]] = []


def add_tiles(*tiles: Tile) -> None:
    TILES.extend(tiles)


def tiles_for(roles: set[str]) -> list[Tile]:
    return sorted((t for t in TILES if t.roles & roles), key=lambda t: t.order)


def add_attention(source: AttentionSource) -> AttentionSource:
    """Register a source of waiting work (usable as a decorator)."""
    if source not in ATTENTION_SOURCES:
        ATTENTION_SOURCES.append(source)
    return source


def attention_for(user: Any) -> list[Attention]:
    """Everything waiting for ``user``, the urgent first."""
    found = [item for source in ATTENTION_SOURCES for item in source(user)]
    return sorted(found, key=lambda item: not item.urgent)


def add_demo_loader(loader: DemoLoader) -> None:
    if all(existing.name != loader.name for existing in DEMO_LOADERS):
        DEMO_LOADERS.append(loader)


def demo_loaders() -> list[DemoLoader]:
    return sorted(DEMO_LOADERS, key=lambda loader: loader.order)


def add_public_table(builder: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Register a builder of a public results table (usable as a decorator)."""
    if builder not in PUBLIC_TABLES:
        PUBLIC_TABLES.append(builder)
    return builder


def public_tables(today: Any) -> list[Any]:
    return [builder(today) for builder in PUBLIC_TABLES]


@dataclass(frozen=True)
class Panel:
    """A box that another module adds to an object's page (a case, a service order)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


# A panel source looks at the viewer and the object and returns a panel, or None to add nothing.
PanelSource = Callable[[Any, Any], Panel | None]
# Model label ("hotline.case") -> the sources that add panels to that model's page; the page's
# own module never imports the modules that add them.
PANEL_SOURCES: dict[str, list[PanelSource]] = {}


def add_panel(model_label: str) -> Callable[[PanelSource], PanelSource]:
    """Register a panel source for pages of ``model_label`` (used as a decorator)."""

    def register(source: PanelSource) -> PanelSource:
        sources = PANEL_SOURCES.setdefault(model_label.lower(), [])
        if source not in sources:
            sources.append(source)
        return source

    return register


# Two places that are pages rather than objects: a source registered for them is given the
# logged-in person as the object. EVERY_PAGE sits under the header of every page, so its sources
# must be cheap for everyone they do not concern.
HOME_PAGE = "web.home"
EVERY_PAGE = "web.page"


def panels_for(user: Any, obj: Any, *, place: str = "") -> list[Panel]:
    """The panels for ``obj``'s page, or for ``place`` (HOME_PAGE, EVERY_PAGE) when given."""
    sources = PANEL_SOURCES.get(place or obj._meta.label_lower, [])
    return [panel for source in sources if (panel := source(user, obj)) is not None]
