"""The Time Bank's clock: the present, unless a replay of history sets it.

Demo data and tests run the real procedure at past moments (``with clock.at(moment):``), so that
histories, statements and monthly reports look like a bank that has been running for a while.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_moment: ContextVar[dt.datetime | None] = ContextVar("timebank_clock", default=None)


def now() -> dt.datetime:
    return _moment.get() or timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


@contextmanager
def at(moment: dt.datetime) -> Iterator[None]:
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)
