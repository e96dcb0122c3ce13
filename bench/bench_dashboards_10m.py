"""The hotline's dashboards, rankings, workbench and case list on ten million cases.

Builds once, in its own embedded PostgreSQL cluster under ``var/bench/dashboards-<size>/`` (kept
between runs; a stamp file with the generator's version marks it complete), two years of
generated cases and their history, written by PostgreSQL itself (``INSERT … SELECT`` over
``generate_series``, a month of cases per statement), then fills the monthly aggregates with the
project's own refresh. Then times each page through Django's test client, logged in as the user
who reads it: cold (first request after the bench server restarted and Django's cache was
emptied; the operating system's file cache is not emptied) and warm (best of the next three).
Prints the query plans (``EXPLAIN (ANALYZE, BUFFERS)``) of the slowest query of the three slowest
pages, and ``dashboard_10m_max_warm_s=<v>``. Goal: every page under 1 s warm and 3 s cold.

``BENCH_DASHBOARD_CASES`` sets another size (default 10,000,000; 1,000,000 builds in minutes).
The measurement runs in a child process, whose database is the bench cluster.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

CASES = int(os.environ.get("BENCH_DASHBOARD_CASES", "10000000"))
# Change when the generated data changes: a cluster built by another version is built again.
GENERATOR_VERSION = "2"
PROJECT = Path(__file__).resolve().parents[1]
FOLDER = PROJECT / "var" / "bench" / f"dashboards-{CASES}"
PGDATA = FOLDER / "postgres"
STAMP = FOLDER / "complete.stamp"
MONTHS = 24


def main() -> None:
    """In ``make bench``'s process: build or reuse the bench cluster, measure in a child."""
    stamp = _stamp_text()
    if not (STAMP.exists() and STAMP.read_text() == stamp) and PGDATA.exists():
        print(f"the bench cluster in {FOLDER} is incomplete or older: building it again")
        shutil.rmtree(PGDATA)
        STAMP.unlink(missing_ok=True)
    FOLDER.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, "MINSHENG_PGDATA": str(PGDATA)}
    subprocess.run(
        [sys.executable, "-m", "bench.bench_dashboards_10m"],
        check=True,
        env=environment,
        cwd=PROJECT,
    )


def _stamp_text() -> str:
    return f"generator {GENERATOR_VERSION}, {CASES} cases\n"


def run() -> None:
    """In the child process, connected to the bench cluster."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.dashboards import generate, measure

    if not STAMP.exists():
        started = time.perf_counter()
        generate.build(CASES, MONTHS)
        STAMP.write_text(_stamp_text())
        print(f"built {CASES:,} cases in {time.perf_counter() - started:.0f} s", flush=True)
    else:  # new migrations (indexes, say) are applied to the kept database, and timed
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        print(f"migrate: {time.perf_counter() - started:.0f} s", flush=True)
    measure.report(CASES)


if __name__ == "__main__":
    run()
