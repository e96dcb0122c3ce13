"""Case import throughput next to a plain PostgreSQL COPY of the same file.

Generates (once, cached under ``var/bench/``) a file of 1,000,000 cases with
``minsheng generate-cases``, then, in a separate database ``minsheng_bench`` on the same server
(demo data stays untouched):

* copies the file with ``COPY … FROM STDIN (FORMAT csv)`` into an unindexed table of text columns:
  the ceiling of what any import into this server can reach;
* imports it with ``minsheng import-cases`` (parsing, name/code matching, encryption and keyed
  hashes of callers, the implied history events, every index and constraint).

Then imports the same file again (every row unchanged: counted by its digest, not prepared).
Prints rows per second for each, the CPU per row of each process, and the ratios to the plain
COPY as ``import_vs_copy=<v>`` (goal at least 0.25, aim 0.5) and ``reimport_vs_copy=<v>`` (goal
at least 0.5). ``MINSHENG_BENCH_ROWS`` sets another size (e.g. 100000 for a quick run).
"""

from __future__ import annotations

import csv
import os
import resource
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import connection, connections

from minsheng.core.database.roles import as_owner

BENCH_DATABASE = "minsheng_bench"
ROWS = int(os.environ.get("MINSHENG_BENCH_ROWS", "1000000"))
SEED = 2025


def bench_file() -> Path:
    """The generated year of cases (made once per size and seed)."""
    if "generate_cases" not in get_commands():
        raise SystemExit(
            "bench_hotline: the command `minsheng generate-cases` is not installed (it ships with "
            "the hotline's synthetic data module), so no case file can be generated."
        )
    folder = Path(settings.VAR_DIR) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"cases-2025-{ROWS}-{SEED}.csv"
    if not path.exists():
        started = time.perf_counter()
        call_command(
            "generate_cases",
            "--year",
            "2025",
            "--count",
            str(ROWS),
            "--seed",
            str(SEED),
            "--out",
            str(path),
        )
        print(f"generated {ROWS:,} cases in {time.perf_counter() - started:.0f} s: {path}")
    return path


def use_bench_database(*, fresh: bool) -> None:
    """Point the default connection at the benchmark database (created, and migrated)."""
    current = connection.settings_dict["NAME"]
    if current != BENCH_DATABASE:
        with as_owner(connection):  # the owner creates databases, not the application
            _create_bench_database(fresh=fresh)
        connections.close_all()
        connection.settings_dict["NAME"] = BENCH_DATABASE
    call_command("migrate", interactive=False, verbosity=0)
    from minsheng.people import demo as people
    from minsheng.regions import demo as regions

    regions.load()
    people.load()


def _create_bench_database(*, fresh: bool) -> None:
    connection.ensure_connection()
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE])
        exists = cursor.fetchone() is not None
        if exists and fresh:
            cursor.execute(f"DROP DATABASE {BENCH_DATABASE} WITH (FORCE)")
        if fresh or not exists:
            cursor.execute(f"CREATE DATABASE {BENCH_DATABASE}")


def plain_copy(path: Path) -> float:
    """Seconds to COPY the file into an unindexed table of text columns."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        width = len(next(csv.reader(handle)))
    columns = ", ".join(f"c{i} text" for i in range(width))
    # The owner makes the scratch table (the application's role may not create tables).
    with as_owner(connection), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_copy")
        cursor.execute(f"CREATE TABLE bench_plain_copy ({columns})")
        started = time.perf_counter()
        with (
            path.open("rb") as source,
            cursor.connection.cursor().copy(
                "COPY bench_plain_copy FROM STDIN (FORMAT csv, HEADER true)"
            ) as copy,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        elapsed = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_plain_copy")
        (count,) = cursor.fetchone()
        cursor.execute("DROP TABLE bench_plain_copy")
    assert count == ROWS, f"COPY loaded {count} rows, not {ROWS}"
    return elapsed


def _cpu_seconds() -> tuple[float, float, float | None, float | None]:
    """CPU time of this process, of its finished children, of the database backend, and of the
    server's other processes (the WAL writer, the checkpointer, the preparing process's own
    connection, finished ones included), when the server runs on this machine: where an
    import's time goes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    backend = others = None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    if Path(f"/proc/{pid}/stat").exists():  # an embedded or local server
        backend = _process_cpu(pid)
        server = int(_stat_fields(pid)[1])  # the postmaster
        # Its finished children's time (the fields after its own), and its live children's.
        fields = _stat_fields(server)
        others = (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
        live = Path(f"/proc/{server}/task/{server}/children").read_text().split()
        others += sum(_process_cpu(int(child)) for child in live if int(child) != pid)
    return (own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime, backend, others)


def _stat_fields(pid: int) -> list[str]:
    """/proc/PID/stat after the command name: state, ppid, … (utime is the 12th)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:  # a process that ended meanwhile
        return ["X", "0"] + ["0"] * 20


def _process_cpu(pid: int) -> float:
    fields = _stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed_import(path: Path) -> tuple[Any, float, str]:
    from minsheng.hotline.importing import import_cases

    before = _cpu_seconds()
    started = time.perf_counter()
    summary = import_cases(path)
    seconds = time.perf_counter() - started
    after = _cpu_seconds()
    rows = max(summary.rows, 1)
    cpu = [
        (b - a) / rows * 1e6 if a is not None and b is not None else None
        for a, b in zip(before, after, strict=True)
    ]
    parts = [
        "this process",
        "row-preparing process",
        "database backend",
        "other database processes",
    ]
    detail = ", ".join(
        f"{name} {value:.0f}" for name, value in zip(parts, cpu, strict=True) if value is not None
    )
    return summary, seconds, f"CPU µs per row: {detail}"


def main() -> None:
    path = bench_file()
    use_bench_database(fresh=True)
    print(
        f"file: {path.name}, {path.stat().st_size / 1e6:.0f} MB, {ROWS:,} rows; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    copy_seconds = plain_copy(path)
    copy_rate = ROWS / copy_seconds
    print(f"plain COPY into an unindexed table: {copy_seconds:7.1f} s  {copy_rate:10,.0f} rows/s")
    summary, seconds, cpu = _timed_import(path)
    rate = summary.rows / seconds
    print(
        f"minsheng import-cases:               {seconds:7.1f} s  {rate:10,.0f} rows/s  "
        f"({summary.imported:,} imported, {summary.updated:,} updated, "
        f"{len(summary.rejected):,} rejected, {summary.events:,} events)"
    )
    print(f"  {cpu}")
    print(f"ratio import / plain COPY: {rate / copy_rate:.3f} (goal at least 0.25, aim 0.5)")
    again, seconds, cpu = _timed_import(path)
    again_rate = again.rows / seconds
    print(
        f"re-import of the same file: {seconds:7.1f} s  {again_rate:10,.0f} rows/s "
        f"({again.unchanged:,} unchanged, {again.events} events added)"
    )
    print(f"  {cpu}")
    print(f"import_vs_copy={rate / copy_rate:.3f}")
    print(f"reimport_vs_copy={again_rate / copy_rate:.3f}")
