"""Read-only dashboards and reports on the standby, when one is configured.

``DATABASE_REPLICA_URL`` names the standby (a hot standby of the primary, same database, the
application's role). Without it nothing changes: every query goes to ``default``. With it, the
queries made inside ``replica_reads()`` (the report and dashboard views are wrapped in it) read
from the ``replica`` alias; everything else, and every write, stays on the primary.

Only reads that may lag are sent there: a page that has just written, or that reads in order to
write, stays on the primary. With ``synchronous_commit = remote_apply`` for the ledger's
transactions (``MINSHENG_LEDGER_SYNCHRONOUS_COMMIT``) a posting is applied on the standby before
it is acknowledged, so a report asked for after it already shows it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import dj_database_url

from minsheng.core.database import ENGINE

REPLICA = "replica"
REPLICA_URL = "DATABASE_REPLICA_URL"
SYNCHRONOUS_COMMIT = "MINSHENG_LEDGER_SYNCHRONOUS_COMMIT"
# PostgreSQL's levels, weakest last; "" keeps the server's own setting.
SYNCHRONOUS_COMMIT_LEVELS = ("remote_apply", "on", "remote_write", "local", "off", "")

_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)

View = TypeVar("View", bound=Callable[..., Any])


def replica_settings() -> dict[str, Any] | None:
    """The standby's connection, or None when no standby is configured."""
    url = os.environ.get(REPLICA_URL)
    if not url:
        return None
    settings = dict(dj_database_url.parse(url))
    # The test database of "replica" is the test database of "default": no second one is made.
    settings.update(
        ENGINE=ENGINE, CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True, TEST={"MIRROR": "default"}
    )
    return settings


def ledger_synchronous_commit(*, replica_configured: bool) -> str:
    """``synchronous_commit`` for the ledger's transactions.

    By default ``remote_apply`` when a standby is configured (a posting is acknowledged only once
    the standby shows it) and the server's own setting otherwise.
    """
    default = "remote_apply" if replica_configured else ""
    value = os.environ.get(SYNCHRONOUS_COMMIT, default).strip()
    if value not in SYNCHRONOUS_COMMIT_LEVELS:
        from django.core.exceptions import ImproperlyConfigured

        levels = ", ".join(level for level in SYNCHRONOUS_COMMIT_LEVELS if level)
        raise ImproperlyConfigured(f"{SYNCHRONOUS_COMMIT} must be one of: {levels}.")
    return value


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads made in this block may come from the standby (if one is configured)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def reads_from_replica(view: View) -> View:
    """Decorator for read-only report and dashboard views."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


class ReplicaRouter:
    """Sends the reads of ``replica_reads()`` blocks to the standby; all else to the primary."""

    def __init__(self, aliases: Any = None) -> None:
        self._aliases = aliases

    def _has_replica(self) -> bool:
        if self._aliases is not None:
            return REPLICA in self._aliases
        from django.conf import settings

        return REPLICA in settings.DATABASES

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _reading_from_replica.get() and self._has_replica():
            return REPLICA
        return None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The standby holds the same rows as the primary: objects read from either may relate.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # A standby is read-only: only the primary is migrated (replication copies the schema).
        return db != REPLICA
