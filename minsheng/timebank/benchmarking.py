"""Helpers for the Time Bank's benchmarks (``make bench``): a scratch database on the same
server, PostgreSQL's own pgbench, and timing of concurrent clients.

The benchmarks never touch the demo data: they create (and recreate) their own database.
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from django.core.management import call_command
from django.db import connections

from minsheng import dbserver
from minsheng.core.database.roles import owner_fields

BENCH_DATABASE = "minsheng_bench"


def seconds(default: float) -> float:
    """How long each measurement runs (MINSHENG_BENCH_SECONDS overrides)."""
    return float(os.environ.get("MINSHENG_BENCH_SECONDS", default))


def server_args() -> dict[str, str]:
    """Host (a socket directory or a name), port, user and password of the database's owner,
    who creates the scratch databases and pgbench's tables (the application's role may not)."""
    connection = connections["default"]
    connection.ensure_connection()  # the embedded server's socket is known from here on
    settings = {**connection.settings_dict, **{k: v for k, v in owner_fields().items() if v}}
    host = settings.get("HOST") or settings.get("OPTIONS", {}).get("host", "")
    return {
        "host": host,
        "port": str(settings.get("PORT") or 5432),
        "user": settings.get("USER") or "postgres",
        "password": settings.get("PASSWORD") or "",
    }


def _admin_connection() -> psycopg.Connection[Any]:
    args = server_args()
    return psycopg.connect(
        dbname="postgres",
        host=args["host"],
        port=args["port"],
        user=args["user"],
        password=args["password"] or None,
        autocommit=True,
    )


def use_fresh_database(name: str = BENCH_DATABASE) -> None:
    """Recreate ``name``, point Django's default connection at it and migrate it."""
    connections.close_all()
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    connections["default"].settings_dict["NAME"] = name
    call_command("migrate", interactive=False, verbosity=0)


@contextmanager
def without_hash_chain(name: str = BENCH_DATABASE) -> Iterator[None]:
    """Seal ledger transactions with the balance check alone, as before the hash chain, for the
    duration of the block: the chain's cost is the difference."""
    args = server_args()
    with psycopg.connect(
        dbname=name,
        host=args["host"],
        port=args["port"],
        user=args["user"],
        password=args["password"] or None,
        autocommit=True,
    ) as owner:
        found = owner.execute(
            "SELECT pg_get_functiondef('timebank_transaction_seal()'::regprocedure)"
        ).fetchone()
        original = str(found[0]) if found else ""
        if CHAIN_APPEND not in original:
            raise RuntimeError("The seal no longer appends to the chain as this benchmark knows.")
        owner.execute(original.replace(CHAIN_APPEND, "-- (no hash chain)"))
        try:
            yield
        finally:
            owner.execute(original)


# The seal's two statements that link (migration 0014): the canonical rows and the links.
CHAIN_APPEND = (
    "SELECT array_agg(c.canonical ORDER BY c.id) INTO canonicals\n"
    "      FROM timebank_transactions_canonical(ids) c;\n"
    "    PERFORM minsheng_chain_append_many('ledger', ids, canonicals);"
)


def drop_database(name: str = BENCH_DATABASE) -> None:
    connections.close_all()
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pgbench_env() -> dict[str, str]:
    args = server_args()
    env = dict(os.environ)
    if args["password"]:
        env["PGPASSWORD"] = args["password"]
    return env


def _pgbench(*extra: str) -> str:
    args = server_args()
    command = [
        str(dbserver.binary("pgbench")) if dbserver.is_embedded() else "pgbench",
        "-h",
        args["host"],
        "-p",
        args["port"],
        "-U",
        args["user"],
        *extra,
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=_pgbench_env(), check=True)
    return done.stdout + done.stderr


def pgbench_init(scale: int, name: str = BENCH_DATABASE) -> None:
    _pgbench("-i", "-q", "-s", str(scale), name)


def pgbench_tps(clients: int, duration: float, name: str = BENCH_DATABASE) -> float:
    """TPC-B-like transactions per second (pgbench's built-in script)."""
    output = _pgbench(
        "-c",
        str(clients),
        "-j",
        str(min(clients, os.cpu_count() or 1)),
        "-T",
        str(max(1, round(duration))),
        "-n",
        name,
    )
    match = re.search(r"tps = ([0-9.]+)", output)
    if match is None:
        raise RuntimeError(f"pgbench gave no result:\n{output}")
    return float(match.group(1))


def percentile(values: Sequence[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary(latencies: Sequence[float]) -> str:
    return (
        f"p50={percentile(latencies, 0.5) * 1000:.1f} ms "
        f"p95={percentile(latencies, 0.95) * 1000:.1f} ms "
        f"mean={statistics.fmean(latencies) * 1000 if latencies else 0:.1f} ms"
    )


def server_cpu_seconds() -> float | None:
    """CPU seconds the embedded server has used since it started, its ended backends included
    (a postmaster's reaped children count in its own record); None for a server elsewhere."""
    import psutil

    pid = dbserver.postmaster_pid() if dbserver.is_embedded() else None
    if pid is None:
        return None
    try:
        postmaster = psutil.Process(pid)
        live = postmaster.children()
        times = postmaster.cpu_times()
        total = times.user + times.system + times.children_user + times.children_system
        for child in live:
            try:
                child_times = child.cpu_times()
            except psutil.NoSuchProcess:
                continue  # ended since the listing: the postmaster's record has it
            total += child_times.user + child_times.system
        return total
    except psutil.Error:
        return None


def children_cpu_seconds() -> float:
    """CPU seconds used by this process's ended and waited-for children (pgbench)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Stopwatch:
    def __enter__(self) -> Stopwatch:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.started
