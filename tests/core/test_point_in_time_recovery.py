"""Point-in-time recovery as docs/operations.md describes it: a base backup plus the archived
WAL restore the database to a named moment, with what came before it and nothing after."""

from __future__ import annotations

import shutil
import time

import pytest

from minsheng import dbserver
from minsheng.core.database import replication

pytestmark = pytest.mark.slow


def test_a_base_backup_and_the_wal_archive_restore_to_a_moment():
    # Under the project (not /tmp): the servers' system user must reach it when run as root.
    root = dbserver.PROJECT_ROOT / "var" / "pitr-test"
    shutil.rmtree(root, ignore_errors=True)
    archive = root / "wal"
    primary = restored = None
    try:
        primary = replication.create_primary(root / "primary", 5443)
        replication.prepare_directory(archive)
        with primary.connect() as admin:
            admin.execute("ALTER SYSTEM SET archive_mode = on")
            admin.execute(f"ALTER SYSTEM SET archive_command = 'cp %p {archive}/%f'")
        primary.stop()
        primary.start()
        replication.base_backup(primary, root / "restored")
        with primary.connect(dbserver.DATABASE_NAME) as db:
            db.execute("CREATE TABLE drill_posting (id int PRIMARY KEY)")
            db.execute("INSERT INTO drill_posting VALUES (1), (2)")
            db.execute("SELECT pg_create_restore_point('before_the_mistake')")
            db.execute("DELETE FROM drill_posting")  # the mistake to undo
            db.execute("INSERT INTO drill_posting VALUES (99)")
            switched = db.execute("SELECT pg_walfile_name(pg_switch_wal())").fetchone()[0]
            _wait_until_archived(db, switched)
        primary.kill()  # the primary is lost; only the backup and the archive remain

        target = root / "restored"
        with (target / "postgresql.auto.conf").open("a") as conf:
            conf.write(
                f"restore_command = 'cp {archive}/%f %p'\n"
                "recovery_target_name = 'before_the_mistake'\n"
                "recovery_target_action = 'promote'\n"
                "archive_mode = off\n"
            )
        (target / "recovery.signal").touch()
        restored = replication.Node("restored", target, 5444)
        restored.start()
        replication.wait_until_writable(restored)
        with restored.connect(dbserver.DATABASE_NAME) as db:
            rows = db.execute("SELECT id FROM drill_posting ORDER BY id").fetchall()
        assert rows == [(1,), (2,)]
    finally:
        for node in (primary, restored):
            if node is not None:
                node.stop()
        shutil.rmtree(root, ignore_errors=True)


def _wait_until_archived(db, segment: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        row = db.execute("SELECT last_archived_wal FROM pg_stat_archiver").fetchone()
        if row[0] and row[0] >= segment:
            return
        time.sleep(0.1)
    raise AssertionError(f"WAL segment {segment} was never archived.")
