"""Steering PostgreSQL's planner where its statistics cannot tell the best plan."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def local_settings(**settings: str) -> Iterator[None]:
    """Within the block, the server's ``settings`` (``enable_seqscan="off"``,
    ``work_mem="32MB"``, ``statement_timeout="250ms"``…) hold; as before after it.

    For queries whose selectivity the statistics misjudge and whose better plan the caller
    knows from elsewhere (a bounded count, say).
    """
    names, values = list(settings), list(settings.values())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(name) FROM unnest(%s::text[]) AS name", [names])
        before = [value for (value,) in cursor.fetchall()]
        cursor.execute(SET, [names, values])
        yield
        # On success only: a failure rolls the block back, and the settings with it.
        cursor.execute(SET, [names, before])


SET = "SELECT set_config(name, value, true) FROM unnest(%s::text[], %s::text[]) AS s(name, value)"
