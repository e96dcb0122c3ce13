"""PostgreSQL itself refuses to break the ledger: these tests commit, so deferred checks run."""

from __future__ import annotations

import datetime as dt
import json

import psycopg
import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from minsheng.timebank import ledger
from minsheng.timebank.ledger import check
from minsheng.timebank.models import Account, Leg, Transaction
from tests.database import as_owner

pytestmark = pytest.mark.django_db(transaction=True)

# Every way to rewrite a posted transaction: its legs or its header, changed or deleted.
REWRITES = (
    "UPDATE timebank_leg SET amount = amount + 1 WHERE transaction_id = %s",
    "DELETE FROM timebank_leg WHERE transaction_id = %s",
    "UPDATE timebank_transaction SET memo = 'x' WHERE id = %s",
    "DELETE FROM timebank_transaction WHERE id = %s",
)


def _sql(statement: str, params: list | None = None) -> list:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])
        return cursor.fetchall() if cursor.description else []


def _new_header(grant_id: int, key: str) -> str:
    """The statement that opens a grant transaction (no legs yet)."""
    return (
        "INSERT INTO timebank_transaction (kind, idempotency_key, posted_at, memo, grant_id) "
        f"VALUES ('grant', '{key}', now(), '', {int(grant_id)}) RETURNING id"
    )


def _leg(account: int, side: str, amount: int) -> str:
    """The statement that adds one leg to the transaction just opened."""
    return (
        "INSERT INTO timebank_leg (transaction_id, account_id, side, amount, posted_at) "
        f"SELECT max(id), {int(account)}, '{side}', {int(amount)}, now() "
        "FROM timebank_transaction"
    )


def _post_raw(*movements: list) -> list:
    """``timebank_post`` called as raw SQL by the application's role, bypassing ``ledger.post``.

    A movement: kind, key, debit, credit, minutes, grant (the function's JSON columns)."""
    rows = [
        [
            kind,
            key,
            "2026-01-01T00:00:00+00:00",
            "",
            None,
            None,
            grant,
            None,
            None,
            None,
            debit,
            credit,
            minutes,
        ]
        for kind, key, debit, credit, minutes, grant in movements
    ]
    return _sql("SELECT * FROM timebank_post(%s::jsonb, NULL)", [json.dumps(rows)])


@pytest.fixture
def posted(tb):
    """The elder's grant: one committed transaction with two legs."""
    return Transaction.objects.get(kind=Transaction.Kind.GRANT, grant__recipient=tb.cast.elder)


def test_the_application_may_not_update_or_delete_legs_or_transactions(posted):
    for statement in REWRITES:
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            _sql(statement, [posted.pk])


def test_not_even_the_owner_may_update_or_delete_legs_or_transactions(posted):
    for statement in REWRITES:
        with pytest.raises(psycopg.Error, match="append-only"):
            as_owner(statement, [posted.pk])


def test_the_orm_cannot_update_legs_either(posted):
    with pytest.raises(DatabaseError):
        Leg.objects.filter(transaction=posted).update(amount=1)


def test_a_cached_balance_cannot_be_set_directly(tb):
    account = ledger.person_account(tb.cast.elder)
    with pytest.raises(IntegrityError, match="only through ledger legs"):
        Account.objects.filter(pk=account.pk).update(balance=999_999)
    with pytest.raises(IntegrityError, match="only through ledger legs"):
        _sql("UPDATE timebank_account SET earned = 5 WHERE id = %s", [account.pk])


def test_an_account_cannot_be_deleted_or_change_hands(tb):
    account = ledger.person_account(tb.cast.elder)
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        _sql("DELETE FROM timebank_account WHERE id = %s", [account.pk])
    with pytest.raises(psycopg.Error, match="append-only"):
        as_owner("DELETE FROM timebank_account WHERE id = %s", [account.pk])
    with pytest.raises(IntegrityError, match="kind or holder"):
        _sql(
            "UPDATE timebank_account SET owner_id = %s WHERE id = %s",
            [tb.cast.volunteer.pk, account.pk],
        )


def test_an_account_cannot_open_with_money(tb):
    with pytest.raises(IntegrityError, match="open empty"):
        _sql(
            "INSERT INTO timebank_account (kind, owner_id, balance, earned, created_at) "
            "VALUES ('person', %s, 600, 0, now())",
            [tb.cast.outsider.pk],
        )


@pytest.mark.parametrize(
    "before",
    [
        pytest.param([], id="plainly"),
        pytest.param(
            ["SET CONSTRAINTS ALL IMMEDIATE", "SELECT set_config('timebank.sealed', '', true)"],
            id="after an early check and a cleared setting",
        ),
    ],
)
def test_the_application_cannot_write_transactions_or_legs_itself(tb, posted, before):
    """Only ``timebank_post`` (running as the owner) writes the ledger: no header, no leg, not
    even a balanced pair added to a transaction already posted."""
    elder = ledger.person_account(tb.cast.elder)
    issuer = ledger.issuance_account(tb.city)
    attempts = [
        _new_header(posted.grant_id, "forged"),
        "INSERT INTO timebank_leg (transaction_id, account_id, side, amount, posted_at) "
        f"VALUES ({posted.pk}, {issuer.pk}, 'D', 10, now()), ({posted.pk}, {elder.pk}, 'C', 10, now())",
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            for statement in before:
                _sql(statement)
            _sql(attempt)
    assert not Transaction.objects.filter(idempotency_key="forged").exists()
    assert posted.legs.count() == 2


@pytest.mark.parametrize(
    "legs",
    [
        pytest.param([("C", 30)], id="one leg"),
        pytest.param([], id="no legs"),
        pytest.param([("C", 30), ("D", 20)], id="legs that do not sum to zero"),
    ],
)
def test_an_unbalanced_transaction_fails_at_commit_even_for_the_owner(tb, posted, legs):
    """The seal checks the sum at commit whoever wrote the rows."""
    elder = ledger.person_account(tb.cast.elder)
    statements = [_new_header(posted.grant_id, "unbalanced")]
    statements += [_leg(elder.pk, side, amount) for side, amount in legs]
    with pytest.raises(psycopg.Error, match="not balanced"):
        as_owner(";".join(statements))
    assert not Transaction.objects.filter(idempotency_key="unbalanced").exists()


def test_leg_amounts_are_positive_even_for_the_owner(tb, posted):
    elder = ledger.person_account(tb.cast.elder)
    issuer = ledger.issuance_account(tb.city)
    statements = [
        _new_header(posted.grant_id, "negative"),
        _leg(issuer.pk, "C", -10),
        _leg(elder.pk, "D", -10),
    ]
    with pytest.raises(psycopg.Error, match="leg_amount_positive"):
        as_owner(";".join(statements))


@pytest.mark.parametrize(
    ("debit", "credit", "minutes", "refusal"),
    [
        pytest.param("elder", "issuer", 0, "positive amount", id="nothing moved"),
        pytest.param("elder", "issuer", -30, "positive amount", id="a negative amount"),
        pytest.param("elder", "elder", 30, "two accounts", id="one account on both sides"),
        pytest.param("elder", 0, 30, "does not exist", id="an account that does not exist"),
        pytest.param("elder", "issuer", 99_999, "too little time", id="an overdraft"),
    ],
)
def test_the_posting_function_refuses_bad_movements_from_raw_sql(
    tb, posted, debit, credit, minutes, refusal
):
    accounts = {
        "elder": ledger.person_account(tb.cast.elder).pk,
        "issuer": ledger.issuance_account(tb.city).pk,
    }
    movement = [
        "grant",
        "raw",
        accounts.get(debit, debit),
        accounts.get(credit, credit),
        minutes,
        posted.grant_id,
    ]
    with pytest.raises(DatabaseError, match=refusal), transaction.atomic():
        _post_raw(movement)
    assert not Transaction.objects.filter(idempotency_key="raw").exists()
    assert check.run() == []


def test_legs_carry_their_transactions_time(tb, posted):
    """Statements and as-of balances read the legs' time: the function writes it."""
    when = timezone.now() - dt.timedelta(days=3)
    (grant,) = ledger.post(
        [
            ledger.Movement(
                kind="grant",
                key="dated",
                debit=ledger.issuance_account(tb.city),
                credit=ledger.person_account(tb.cast.elder),
                minutes=5,
                grant_id=posted.grant_id,
            )
        ],
        at=when,
    )
    grant = Transaction.objects.get(pk=grant.pk)
    assert grant.posted_at == when
    assert {leg.posted_at for leg in grant.legs.all()} == {when}


def test_a_trigger_of_the_applications_own_cannot_move_a_balance(tb):
    """Deeper than the guard's depth, but not the leg trigger: refused."""
    account = ledger.person_account(tb.cast.elder)
    with pytest.raises(DatabaseError, match="only through ledger legs"), transaction.atomic():
        _sql("CREATE TEMP TABLE lever (account_id bigint)")
        _sql(
            "CREATE FUNCTION pg_temp.pull() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "UPDATE public.timebank_account SET balance = balance + 600 "
            "WHERE id = NEW.account_id; RETURN NEW; END $$"
        )
        _sql(
            "CREATE TRIGGER pull AFTER INSERT ON lever FOR EACH ROW EXECUTE FUNCTION pg_temp.pull()"
        )
        _sql("INSERT INTO lever VALUES (%s)", [account.pk])
    account.refresh_from_db()
    assert account.balance == 20 * 60


def test_temporary_tables_cannot_stand_in_for_the_ledger(tb, posted):
    """The posting function and the seal read and write the real tables, whatever the
    session's own tables are called."""
    with transaction.atomic():
        _sql(
            "CREATE TEMP TABLE timebank_transaction (LIKE public.timebank_transaction) "
            "ON COMMIT DROP"
        )
        _sql("CREATE TEMP TABLE timebank_leg (LIKE public.timebank_leg) ON COMMIT DROP")
        (tx,) = _post_raw(
            [
                "grant",
                "shadowed",
                ledger.issuance_account(tb.city).pk,
                ledger.person_account(tb.cast.elder).pk,
                30,
                posted.grant_id,
            ]
        )
        assert _sql("SELECT count(*) FROM pg_temp.timebank_leg") == [(0,)]
    posting = Transaction.objects.get(idempotency_key="shadowed")
    assert posting.pk == tx[1]
    assert posting.legs.count() == 2


def test_the_ledger_is_consistent_after_all_these_attempts(tb, posted):
    assert check.run() == []
