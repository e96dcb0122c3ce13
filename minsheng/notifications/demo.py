"""Demo notifications: what the demo's own flows told people."""

from __future__ import annotations


def load() -> None:
    pass
