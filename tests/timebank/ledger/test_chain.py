"""The ledger's hash chain and its signed export (tests that really commit)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from minsheng.audit.chain import database, export
from minsheng.audit.chain.canonical import serialise
from minsheng.audit.models import ChainLink
from minsheng.timebank import ledger
from minsheng.timebank.ledger.chain import LEDGER
from minsheng.timebank.models import Transaction
from tests.database import tampering

pytestmark = pytest.mark.django_db(transaction=True)


def _position(tx: Transaction) -> int:
    return ChainLink.objects.get(chain="ledger", row_id=tx.pk).seq


def _grant(tb) -> Transaction:
    return Transaction.objects.get(kind="grant", grant__recipient=tb.cast.elder)


def _verify(path):
    report = export.verify_file(path)
    return report, [f"{f.chain}:{f.kind}@{f.position}" for f in report.findings]


def test_every_committed_transaction_is_sealed_by_its_link(tb):
    linked = set(ChainLink.objects.filter(chain="ledger").values_list("row_id", flat=True))
    assert linked == set(Transaction.objects.values_list("pk", flat=True))
    assert database.verify(LEDGER).findings == []


@pytest.mark.parametrize(
    "postings", [pytest.param(3, id="a few"), pytest.param(1500, id="more than the hint holds")]
)
def test_a_commit_of_many_postings_links_them_all_in_order(tb, postings):
    """The first seal of a commit links what the posting function named; past a few hundred
    transactions it names no more, and each of the rest links itself, still in id order."""
    issuer = ledger.issuance_account(tb.city)
    elder = ledger.person_account(tb.cast.elder)
    grant = _grant(tb)
    with transaction.atomic():
        posted = [
            ledger.post(
                [
                    ledger.Movement(
                        kind="grant",
                        key=f"many:{n}",
                        debit=issuer,
                        credit=elder,
                        minutes=1,
                        grant_id=grant.grant_id,
                    )
                ]
            )[0]
            for n in range(postings)
        ]
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('minsheng.ledger_unsealed', true)")
            named = cursor.fetchone()[0].split(",")
    assert len(named) == postings if postings < 100 else len(named) < postings
    positions = [_position(tx) for tx in posted]
    assert positions == sorted(positions)
    assert positions[-1] - positions[0] == postings - 1
    assert database.verify(LEDGER).findings == []


def test_the_database_and_the_verifier_serialise_a_transaction_alike(tb):
    tx = _grant(tb)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT timebank_transaction_canonical(t) FROM timebank_transaction t WHERE id = %s",
            [tx.pk],
        )
        by_database = cursor.fetchone()[0]
        cursor.execute(f"{LEDGER.select} WHERE t.id = %s", [tx.pk])
        row = cursor.fetchone()
    assert serialise(row, LEDGER.types) == by_database
    assert len(row[-1]) == 2  # its legs are inside


def test_ledger_check_names_a_leg_altered_by_the_owner_with_its_position(tb, capsys):
    tx = _grant(tb)
    with tampering("timebank_leg") as owner:
        owner.execute(
            "UPDATE timebank_leg SET amount = amount + 1 WHERE transaction_id = %s", [tx.pk]
        )
    with pytest.raises(CommandError):
        call_command("check_ledger", language="en")
    err = capsys.readouterr().err
    assert f"ledger chain, position {_position(tx)}: row {tx.pk} was altered" in err


def test_an_export_verifies_offline(tb, tmp_path):
    path = tmp_path / "ledger.jsonl"
    call_command("export_ledger", out=path, language="en")
    report, findings = _verify(path)
    assert report.signed and findings == []
    assert report.links["ledger"] == Transaction.objects.count()
    call_command("verify_ledger", path, language="en")


def test_an_export_names_a_deleted_an_altered_and_an_inserted_transaction(tb, tmp_path):
    tb.booked(tb.cast.elder, tb.cast.volunteer)  # a hold: a second transaction
    first, second = Transaction.objects.order_by("pk")[:2]
    altered, deleted = _position(first), _position(second)
    with tampering("timebank_transaction", "timebank_leg") as owner:
        owner.execute("UPDATE timebank_transaction SET memo = 'forged' WHERE id = %s", [first.pk])
        owner.execute("DELETE FROM timebank_leg WHERE transaction_id = %s", [second.pk])
        owner.execute("DELETE FROM timebank_transaction WHERE id = %s", [second.pk])
        owner.execute(
            "INSERT INTO timebank_transaction (kind, idempotency_key, posted_at, memo, grant_id) "
            "SELECT 'grant', 'forged', now(), '', grant_id FROM timebank_transaction WHERE id = %s",
            [first.pk],
        )
    path = tmp_path / "ledger.jsonl"
    call_command("export_ledger", out=path, language="en")
    report, findings = _verify(path)
    assert report.signed  # a faithful copy of a tampered database
    assert findings == [
        f"ledger:altered@{altered}",
        f"ledger:deleted@{deleted}",
        "ledger:inserted@None",
    ]
    with pytest.raises(CommandError, match="3 problem"):
        call_command("verify_ledger", path, language="en")


def test_an_edited_export_fails_its_signature(tb, tmp_path):
    path = tmp_path / "ledger.jsonl"
    call_command("export_ledger", out=path, language="en")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        data = json.loads(line)
        if data.get("chain") == "ledger" and "seq" in data:
            data["row"][5] = "edited in the file"
            lines[index] = json.dumps(data, ensure_ascii=False) + "\n"
            position = data["seq"]
            break
    path.write_text("".join(lines), encoding="utf-8")
    report, findings = _verify(path)
    assert not report.signed
    assert findings == [f"ledger:altered@{position}"]


def test_an_export_pinned_to_another_key_is_refused(tb, tmp_path):
    path = tmp_path / "ledger.jsonl"
    call_command("export_ledger", out=path, language="en")
    other = "A" * 43 + "="
    with pytest.raises(CommandError, match="1 problem"):
        call_command("verify_ledger", path, public_key=other, language="en")
