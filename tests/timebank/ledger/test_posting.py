"""Posting: idempotency keys, balance checks with clear messages, statements, as-of balances."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from psycopg.pq import TransactionStatus

from minsheng.audit.chain import database
from minsheng.audit.models import ChainLink
from minsheng.timebank import ledger
from minsheng.timebank.errors import IdempotencyConflict, InsufficientBalance
from minsheng.timebank.ledger import check, posting
from minsheng.timebank.ledger.chain import LEDGER
from minsheng.timebank.models import Account, Leg, ServiceOrder, Transaction, Transfer
from tests.database import tampering

pytestmark = pytest.mark.django_db


def _gift_row(tb, giver, receiver, minutes=30):
    return Transfer.objects.create(
        kind="gift",
        giver=giver,
        receiver=receiver,
        minutes=minutes,
        created_by=giver,
        client_key=f"test-{giver.pk}-{receiver.pk}-{minutes}",
    )


def _movement(tb, transfer, key="k-1", minutes=30, giver=None, receiver=None):
    return ledger.Movement(
        kind="gift",
        key=key,
        debit=ledger.person_account(giver or tb.cast.elder),
        credit=ledger.person_account(receiver or tb.cast.family),
        minutes=minutes,
        transfer_id=transfer.pk,
    )


def test_a_retry_with_the_same_key_returns_the_first_transaction(tb):
    transfer = _gift_row(tb, tb.cast.elder, tb.cast.family)
    first = ledger.post([_movement(tb, transfer)])[0]
    again = ledger.post([_movement(tb, transfer)])[0]
    assert again.pk == first.pk
    assert ledger.person_account(tb.cast.family).balance == 30
    assert Transaction.objects.filter(idempotency_key="k-1").count() == 1


def test_a_key_reused_for_something_else_is_refused(tb):
    transfer = _gift_row(tb, tb.cast.elder, tb.cast.family)
    ledger.post([_movement(tb, transfer)])
    with pytest.raises(IdempotencyConflict), transaction.atomic():
        ledger.post([_movement(tb, transfer, minutes=31)])
    assert ledger.person_account(tb.cast.family).balance == 30


def test_spending_more_than_the_balance_is_refused_with_a_clear_message(tb):
    transfer = _gift_row(tb, tb.cast.elder, tb.cast.family)
    with pytest.raises(InsufficientBalance, match="20 h"), transaction.atomic():
        ledger.post([_movement(tb, transfer, minutes=21 * 60)])
    assert ledger.person_account(tb.cast.elder).balance == 20 * 60


def test_amounts_are_whole_positive_minutes(tb):
    transfer = _gift_row(tb, tb.cast.elder, tb.cast.family)
    with pytest.raises(TypeError):
        _movement(tb, transfer, minutes=1.5)
    with pytest.raises(ValueError, match="positive"):
        _movement(tb, transfer, minutes=0)


def test_the_same_account_cannot_pay_itself(tb):
    transfer = _gift_row(tb, tb.cast.elder, tb.cast.family)
    with pytest.raises(ValueError, match="two different"):
        _movement(tb, transfer, receiver=tb.cast.elder)


def test_money_can_pass_through_an_empty_account_in_one_posting(tb):
    """Credits of an account are applied before its debits."""
    family = tb.cast.family
    t1 = _gift_row(tb, tb.cast.elder, family, 40)
    t2 = _gift_row(tb, family, tb.cast.elder, 40)
    ledger.post(
        [
            _movement(tb, t1, key="a", minutes=40),
            _movement(tb, t2, key="b", minutes=40, giver=family, receiver=tb.cast.elder),
        ]
    )
    assert ledger.person_account(family).balance == 0


def test_legs_carry_the_transaction_time_and_balances_can_be_read_as_of_a_date(tb):
    elder = ledger.person_account(tb.cast.elder)
    before = timezone.now() - dt.timedelta(days=30)
    transfer = _gift_row(tb, tb.cast.elder, tb.cast.family)
    ledger.post([_movement(tb, transfer)], at=before)
    leg = Leg.objects.get(transaction__idempotency_key="k-1", side="D")
    assert leg.posted_at == before
    assert ledger.balance_as_of(elder, before) == 0  # the grant came later
    assert ledger.balance_as_of(elder, timezone.now() + dt.timedelta(seconds=1)) == 20 * 60 - 30


def test_a_statement_lists_movements_with_running_balances(tb):
    transfer = _gift_row(tb, tb.cast.elder, tb.cast.family)
    ledger.post([_movement(tb, transfer)])
    statement = ledger.statement(ledger.person_account(tb.cast.elder))
    assert [line.change for line in statement.lines] == [-30, 20 * 60]
    assert [line.balance for line in statement.lines] == [20 * 60 - 30, 20 * 60]
    assert statement.closing == 20 * 60 - 30
    assert statement.total_in == 20 * 60
    assert statement.total_out == 30


def test_a_statement_for_a_period_starts_from_the_opening_balance(tb):
    now = timezone.now()
    transfer = _gift_row(tb, tb.cast.elder, tb.cast.family)
    ledger.post([_movement(tb, transfer)], at=now + dt.timedelta(minutes=1))
    statement = ledger.statement(
        ledger.person_account(tb.cast.elder), start=now, end=now + dt.timedelta(hours=1)
    )
    assert statement.opening == 20 * 60
    assert [line.balance for line in statement.lines] == [20 * 60 - 30]


def test_ledger_check_is_clean_on_a_healthy_ledger(tb, capsys):
    call_command("check_ledger", language="en")
    assert "consistent" in capsys.readouterr().out


def test_ledger_check_names_a_hold_that_does_not_match_its_order(tb, capsys):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    ServiceOrder.objects.filter(pk=order.pk).update(held_minutes=45)
    with pytest.raises(CommandError, match="discrepanc"):
        call_command("check_ledger", language="en")
    err = capsys.readouterr().err
    assert f"Order {order.pk} says 45 minutes are on hold" in err
    assert "[holds]" in err


@pytest.mark.django_db(transaction=True)
def test_ledger_check_finds_legs_written_behind_the_triggers_back(tb):
    """Simulates corruption (triggers off, as only the owner could): the check still sees it."""
    elder = ledger.person_account(tb.cast.elder)
    tx = Transaction.objects.get(kind="grant", grant__recipient=tb.cast.elder)
    with tampering("timebank_leg") as owner:
        owner.execute(
            "INSERT INTO timebank_leg (transaction_id, account_id, side, amount, posted_at) "
            "VALUES (%s, %s, 'C', 7, now())",
            [tx.pk, elder.pk],
        )
    found = {problem.check for problem in check.run()}
    assert {"balanced", "cached_balance", "issuance", "origin"} <= found


def test_issuance_accounts_belong_to_the_city_and_districts(tb):
    with pytest.raises(ValueError):
        ledger.issuance_account(tb.jinsong)
    assert ledger.issuance_account(tb.chaoyang).kind == Account.Kind.ISSUANCE


def test_accounts_are_locked_in_one_query_and_opened_on_first_use(tb, django_assert_num_queries):
    elder, family = tb.cast.elder.pk, tb.cast.family.pk
    ledger.person_account(tb.cast.elder)
    ledger.hold_account(tb.cast.elder)
    wanted = [(elder, Account.Kind.PERSON), (elder, Account.Kind.HOLD)]
    with django_assert_num_queries(1):
        found = ledger.locked_accounts(wanted)
    assert set(found) == set(wanted)
    assert not Account.objects.filter(owner_id=family, kind=Account.Kind.HOLD).exists()
    found = ledger.locked_accounts([(family, Account.Kind.HOLD)], pool=True)
    assert found[(family, Account.Kind.HOLD)].owner_id == family
    assert found[(None, Account.Kind.POOL)] == ledger.pool_account()


def test_a_batch_with_one_key_reused_for_something_else_posts_nothing(tb):
    first = _gift_row(tb, tb.cast.elder, tb.cast.family)
    second = _gift_row(tb, tb.cast.elder, tb.cast.family, 45)
    ledger.post([_movement(tb, first)])
    with pytest.raises(IdempotencyConflict), transaction.atomic():
        ledger.post(
            [_movement(tb, second, key="k-2", minutes=45), _movement(tb, first, minutes=31)]
        )
    assert not Transaction.objects.filter(idempotency_key="k-2").exists()
    assert ledger.person_account(tb.cast.family).balance == 30


def test_an_issuer_cannot_take_back_more_than_it_issued(tb):
    issuer = ledger.issuance_account(tb.chaoyang)
    issued = -issuer.balance
    refund = ledger.Movement(
        kind="reversal",
        key="take-back",
        debit=ledger.issuance_account(tb.city),
        credit=issuer,
        minutes=issued + 1,
        reverses_id=Transaction.objects.filter(kind="grant").values_list("pk", flat=True)[0],
    )
    with pytest.raises(InsufficientBalance, match="issuer"), transaction.atomic():
        ledger.post([refund])
    assert ledger.issuance_account(tb.chaoyang).balance == -issued


def test_a_posting_is_one_statement_and_waits_for_the_disk_once_its_transaction_commits(
    tb, django_assert_num_queries
):
    """Its own transaction commits without waiting for the disk (the chain heads go at once);
    one wait per transaction follows the commit, however many postings it holds."""
    first = _movement(tb, _gift_row(tb, tb.cast.elder, tb.cast.family))
    second = _movement(tb, _gift_row(tb, tb.cast.elder, tb.cast.family, 45), key="k-2")
    with transaction.atomic():
        with django_assert_num_queries(1):
            ledger.post([first])
        ledger.post([second])
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "off"
    # (The world's grants were posted in this test's transaction too.)
    waits = [entry[1] for entry in connection.run_on_commit]
    assert waits.count(posting._wait_until_durable) == 1


@pytest.mark.django_db(transaction=True)
def test_a_posting_outside_a_transaction_is_acknowledged_once_durable(tb):
    gift = _movement(tb, _gift_row(tb, tb.cast.elder, tb.cast.family))
    with CaptureQueriesContext(connection) as queries:
        posted = ledger.post([gift])
    # One round trip: the posting, its commit and the wait for the disk.
    [sent] = [query["sql"] for query in queries]
    assert sent.startswith("BEGIN; SELECT key, transaction_id, fresh FROM timebank_post(")
    assert "; COMMIT; SELECT pg_logical_emit_message(true" in sent
    assert connection.connection.info.transaction_status == TransactionStatus.IDLE
    assert ledger.person_account(tb.cast.family).balance == 30
    assert ChainLink.objects.filter(chain="ledger", row_id=posted[0].pk).exists()
    assert database.verify(LEDGER).findings == []
    assert ledger.post([gift])[0].pk == posted[0].pk


@pytest.mark.django_db(transaction=True)
def test_a_refusal_outside_a_transaction_posts_nothing_and_leaves_the_connection_usable(tb):
    too_much = _movement(tb, _gift_row(tb, tb.cast.elder, tb.cast.family), minutes=10**9)
    with pytest.raises(InsufficientBalance):
        ledger.post([too_much])
    assert connection.connection.info.transaction_status == TransactionStatus.IDLE
    assert not Transaction.objects.filter(idempotency_key=too_much.key).exists()
    gift = _gift_row(tb, tb.cast.elder, tb.cast.family, 45)
    assert ledger.post([_movement(tb, gift, key="k-2", minutes=45)])


@pytest.mark.django_db(transaction=True)
def test_a_posting_outside_a_transaction_waits_at_the_configured_level(tb, settings):
    settings.LEDGER_SYNCHRONOUS_COMMIT = "local"
    gift = _movement(tb, _gift_row(tb, tb.cast.elder, tb.cast.family))
    with CaptureQueriesContext(connection) as queries:
        ledger.post([gift])
    assert "COMMIT; SELECT set_config('synchronous_commit', 'local', true)" in queries[0]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"


@pytest.mark.django_db(transaction=True)
def test_the_wait_after_a_posting_flushes_its_commit_to_disk(tb):
    gift = _movement(tb, _gift_row(tb, tb.cast.elder, tb.cast.family))
    with connection.cursor() as cursor:
        cursor.execute(posting.POST, posting._arguments([gift], timezone.now(), None))
        cursor.execute("SELECT pg_current_wal_insert_lsn()")  # past the posting's commit
        written = cursor.fetchone()[0]
        posting._wait_until_durable()
        cursor.execute("SELECT pg_current_wal_flush_lsn() >= %s::pg_lsn", [written])
        assert cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_postings_and_retries_read_no_ledger_table_whole_in_a_session_begun_on_a_small_ledger(
    tb,
):
    # The plans this session makes now, on a ledger of a few rows, serve all its later postings.
    def gift_and_retry(key: str, minutes: int) -> None:
        gift = _movement(
            tb,
            _gift_row(tb, tb.cast.elder, tb.cast.family, minutes=minutes),
            key=key,
            minutes=minutes,
        )
        arguments = posting._arguments([gift], timezone.now(), None)
        [(_, posted, fresh)] = posting._post_and_wait(arguments)
        assert fresh
        assert posting._post_and_wait(arguments) == [(key, posted, False)]

    gift_and_retry("plan-1", 1)
    before = _sequential_scans()
    gift_and_retry("plan-2", 2)
    assert _sequential_scans() == before


LEDGER_TABLES = ("timebank_transaction", "timebank_leg", "timebank_account", "audit_chainlink")


def _sequential_scans() -> dict[str, int]:
    """Sequential scans of the ledger's tables so far, this session's included."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")  # at the end of this statement
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT relname, seq_scan FROM pg_stat_user_tables WHERE relname = ANY (%s)",
            [list(LEDGER_TABLES)],
        )
        return dict(cursor.fetchall())
