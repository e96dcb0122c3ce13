"""The audit log's hash chain: each committed entry is linked to the one before, and even the
owner cannot delete, alter or insert an entry unseen (tests that really commit)."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from minsheng.audit.actions import record
from minsheng.audit.chain import checkpoints, database, signing
from minsheng.audit.chain.canonical import serialise
from minsheng.audit.chain.definitions import AUDIT
from minsheng.audit.models import AuditEntry, ChainHead, ChainLink, Checkpoint
from tests.database import tampering

pytestmark = pytest.mark.django_db(transaction=True)

ODD_TEXT = 'quote " backslash \\ line\nbreak\ttab bell\x07 中文 😀 \u2028 é'


def _entries(cast, count: int) -> list[AuditEntry]:
    return [
        record(action=f"test.entry{n}", target=cast.elder, actor=cast.city_admin, note=str(n))
        for n in range(count)
    ]


def _position(entry: AuditEntry) -> int:
    return ChainLink.objects.get(chain="audit", row_id=entry.pk).seq


def _findings() -> list[str]:
    return [f"{f.kind}@{f.position}" for f in database.verify(AUDIT).findings]


def test_each_committed_entry_is_linked_in_commit_order(cast):
    entries = _entries(cast, 3)
    links = list(ChainLink.objects.filter(chain="audit").order_by("seq"))
    assert [link.row_id for link in links][-3:] == [entry.pk for entry in entries]
    assert [link.seq for link in links] == list(range(1, len(links) + 1))
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(links))
    head = ChainHead.objects.get(chain="audit")
    assert (head.seq, head.hash) == (links[-1].seq, links[-1].hash)
    assert _findings() == []


def test_an_entry_rolled_back_leaves_no_link(cast):
    before = ChainLink.objects.filter(chain="audit").count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(action="test.rolled_back", target=cast.elder, actor=cast.city_admin)
        raise RuntimeError("the change failed")
    assert ChainLink.objects.filter(chain="audit").count() == before


def test_the_database_and_the_verifier_serialise_an_entry_alike(cast):
    entry = record(
        action="test.odd",
        target=cast.elder,
        actor=cast.city_admin,
        note=ODD_TEXT,
        before={"数字": 1.10, "big": 12345678901234567890, "list": [1, "x", None], "k": ODD_TEXT},
        after={"a": True, "nested": {"z": 0.5, "aa": []}},
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT audit_entry_canonical(e) FROM audit_auditentry e WHERE id = %s", [entry.pk]
        )
        by_database = cursor.fetchone()[0]
        cursor.execute(f"{AUDIT.select} WHERE t.id = %s", [entry.pk])
        row = cursor.fetchone()
    assert serialise(row, AUDIT.types) == by_database
    assert _findings() == []


def test_an_entry_altered_by_the_owner_is_named_with_its_position(cast):
    entries = _entries(cast, 3)
    with tampering("audit_auditentry") as owner:
        owner.execute(
            "UPDATE audit_auditentry SET note = 'rewritten' WHERE id = %s", [entries[1].pk]
        )
    assert _findings() == [f"altered@{_position(entries[1])}"]


def test_an_entry_deleted_by_the_owner_is_named_with_its_position(cast):
    entries = _entries(cast, 3)
    position = _position(entries[1])
    with tampering("audit_auditentry") as owner:
        owner.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    assert _findings() == [f"deleted@{position}"]


def test_an_entry_deleted_with_its_link_is_named_with_its_position(cast):
    entries = _entries(cast, 3)
    position = _position(entries[1])
    with tampering("audit_auditentry", "audit_chainlink") as owner:
        owner.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
        owner.execute("DELETE FROM audit_chainlink WHERE chain = 'audit' AND seq = %s", [position])
    assert _findings() == [f"deleted@{position}"]


def test_an_entry_inserted_by_the_owner_is_named(cast):
    _entries(cast, 2)
    with tampering("audit_auditentry") as owner:
        owner.execute(
            "INSERT INTO audit_auditentry (at, channel, action, target_id, target_repr, "
            "region_path, note) VALUES (now(), 'system', 'test.forged', '', '', '', '')"
        )
    assert _findings() == ["inserted@None"]


def test_a_chain_rewritten_by_the_owner_shows_against_its_checkpoint(cast, tmp_path, monkeypatch):
    monkeypatch.setenv("MINSHENG_CHECKPOINT_DIR", str(tmp_path))
    entries = _entries(cast, 3)
    checkpoints.take()
    position = _position(entries[1])
    head = ChainHead.objects.get(chain="audit").seq
    # Alter an entry, then recompute every link from scratch, as a thorough forger would.
    with tampering("audit_auditentry", "audit_chainlink", "audit_chainhead") as owner:
        owner.execute(
            "UPDATE audit_auditentry SET note = 'rewritten' WHERE id = %s", [entries[1].pk]
        )
        owner.execute("DELETE FROM audit_chainlink WHERE chain = 'audit'")
        owner.execute(
            "UPDATE audit_chainhead SET seq = 0, hash = repeat('0', 64) WHERE chain = 'audit'"
        )
        owner.execute(
            "SELECT minsheng_chain_append('audit', e.id, audit_entry_canonical(e)) "
            "FROM (SELECT * FROM audit_auditentry ORDER BY id) e"
        )
    assert _findings() == [f"checkpoint@{head}"]
    published = checkpoints.path()
    with pytest.raises(CommandError):
        call_command("check_ledger", checkpoints=published, language="en")
    assert position <= head


def test_checkpoints_are_recorded_once_per_head_and_written_out_signed(cast, tmp_path, monkeypatch):
    monkeypatch.setenv("MINSHENG_CHECKPOINT_DIR", str(tmp_path))
    _entries(cast, 2)
    first = checkpoints.take()
    assert checkpoints.take() == []  # the head has not moved
    _entries(cast, 1)
    second = checkpoints.take()
    lines = [json.loads(line) for line in checkpoints.path().read_text().splitlines()]
    assert lines == first + second
    audit = [line for line in lines if line["chain"] == "audit"]
    assert audit[-1]["seq"] == ChainHead.objects.get(chain="audit").seq
    assert Checkpoint.objects.filter(chain="audit").count() == len(audit)
    for line in lines:
        statement = checkpoints.statement(
            line["chain"], line["seq"], line["hash"], line["taken_at"]
        )
        assert signing.valid(line["public_key"], line["signature"], statement)


def test_the_application_cannot_forge_a_checkpoint(cast):
    with pytest.raises(Exception, match="permission denied"), transaction.atomic():
        Checkpoint.objects.create(chain="audit", seq=1, hash="0" * 64, taken_at="2026-01-01T00:00Z")


def test_the_job_worker_takes_a_checkpoint_every_hour(cast, tmp_path, monkeypatch):
    from datetime import timedelta

    from minsheng.jobs.schedule import PERIODIC

    monkeypatch.setenv("MINSHENG_CHECKPOINT_DIR", str(tmp_path))
    _entries(cast, 1)
    periodic = PERIODIC["audit.chain_checkpoint"]
    assert periodic.interval == timedelta(hours=1)
    periodic.function()
    head = ChainHead.objects.get(chain="audit")
    assert Checkpoint.objects.filter(chain="audit", seq=head.seq, hash=head.hash).exists()
