"""The benchmarks' CPU reading of the database server (``make bench`` divides it by the
transactions of a run)."""

import time

import psycopg
import pytest
from django.db import connection

from minsheng.timebank.benchmarking import server_cpu_seconds

pytestmark = pytest.mark.django_db


def _backend_gone(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 0


def test_the_server_cpu_keeps_the_time_of_backends_that_ended():
    """A run's clients disconnect before the reading after it: their backends' time must stay."""
    before = server_cpu_seconds()
    assert before is not None
    connection.ensure_connection()
    with psycopg.connect(connection.connection.info.dsn, autocommit=True) as busy:
        pid = busy.info.backend_pid
        busy.execute("SELECT count(*) FROM generate_series(1, 4000000)")
    deadline = time.monotonic() + 10
    while not _backend_gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    after = server_cpu_seconds()
    assert after is not None and after - before >= 0.1
