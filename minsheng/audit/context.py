"""Who is acting, from where: set per request (or per command) and read by the audit log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ActingContext:
    user: Any = None  # people.User or None for system work (commands, the worker)
    ip: str | None = None
    channel: str = "system"  # web, api, admin, command, system


# The default is a frozen dataclass, so sharing it between contexts is safe.
_current: ContextVar[ActingContext] = ContextVar(
    "minsheng_acting",
    default=ActingContext(),  # noqa: B039
)


def current() -> ActingContext:
    return _current.get()


@contextmanager
def acting(context: ActingContext) -> Iterator[None]:
    token = _current.set(context)
    try:
        yield
    finally:
        _current.reset(token)
