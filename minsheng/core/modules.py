"""What each app contributes to the shared shell: home-page tiles and demo data.

Apps register here from their ``AppConfig.ready()``, so that adding a module never means editing
the shell's templates or the demo command.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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


TILES: list[Tile] = []
DEMO_LOADERS: list[DemoLoader] = []


def add_tiles(*tiles: Tile) -> None:
    TILES.extend(tiles)


def tiles_for(roles: set[str]) -> list[Tile]:
    return sorted((t for t in TILES if t.roles & roles), key=lambda t: t.order)


def add_demo_loader(loader: DemoLoader) -> None:
    if all(existing.name != loader.name for existing in DEMO_LOADERS):
        DEMO_LOADERS.append(loader)


def demo_loaders() -> list[DemoLoader]:
    return sorted(DEMO_LOADERS, key=lambda loader: loader.order)
