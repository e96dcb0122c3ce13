"""PostgreSQL itself refuses to break the ledger: these tests commit, so deferred checks run."""

from __future__ import annotations

import psycopg
import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

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


def _new_header(grant_id: int, key: str) -> int:
    return _sql(
        "INSERT INTO timebank_transaction (kind, idempotency_key, posted_at, memo, grant_id) "
        "VALUES ('grant', %s, now(), '', %s) RETURNING id",
        [key, grant_id],
    )[0][0]


def _add_legs(tx: int, *legs: tuple[int, str, int], dated: str = "") -> None:
    """Raw legs (account, side, amount) for transaction ``tx``, in one statement, with the time
    ``dated`` (an SQL expression) or none (the database fills it in)."""
    columns = "transaction_id, account_id, side, amount" + (", posted_at" if dated else "")
    row = f"(%s, %s, %s, %s, {dated})" if dated else "(%s, %s, %s, %s)"
    _sql(
        f"INSERT INTO timebank_leg ({columns}) VALUES " + ", ".join([row] * len(legs)),
        [value for leg in legs for value in (tx, *leg)],
    )


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


def test_an_unbalanced_transaction_fails_at_commit(tb, posted):
    elder = ledger.person_account(tb.cast.elder)
    with pytest.raises(IntegrityError, match="not balanced"), transaction.atomic():
        tx = _new_header(posted.grant_id, "unbalanced")
        _add_legs(tx, (elder.pk, "C", 30))
    assert not Transaction.objects.filter(idempotency_key="unbalanced").exists()
    elder.refresh_from_db()
    assert elder.balance == 20 * 60


def test_a_transaction_without_legs_fails_at_commit(posted):
    with pytest.raises(IntegrityError, match="not balanced"), transaction.atomic():
        _new_header(posted.grant_id, "empty")


def test_a_leg_dated_apart_from_its_transaction_is_refused(tb, posted):
    """Legs carry their transaction's time (statements and as-of balances read it)."""
    elder = ledger.person_account(tb.cast.elder)
    issuer = ledger.issuance_account(tb.city)
    with pytest.raises(IntegrityError, match="dated apart"), transaction.atomic():
        tx = _new_header(posted.grant_id, "backdated")
        yesterday = "now() - interval '1 day'"
        _add_legs(tx, (issuer.pk, "D", 10), (elder.pk, "C", 10), dated=yesterday)


def test_legs_inserted_without_a_time_take_their_transactions(tb, posted):
    elder = ledger.person_account(tb.cast.elder)
    issuer = ledger.issuance_account(tb.city)
    with transaction.atomic():
        tx = _new_header(posted.grant_id, "undated")
        _add_legs(tx, (issuer.pk, "D", 10), (elder.pk, "C", 10))
    header = Transaction.objects.get(pk=tx)
    assert {leg.posted_at for leg in header.legs.all()} == {header.posted_at}
    elder.refresh_from_db()
    assert elder.balance == 20 * 60 + 10


def test_legs_cannot_be_added_to_a_committed_transaction(tb, posted):
    """Even balanced: a posted transaction is closed."""
    elder = ledger.person_account(tb.cast.elder)
    issuer = ledger.issuance_account(tb.city)
    with pytest.raises(IntegrityError, match="closed"), transaction.atomic():
        _add_legs(posted.pk, (issuer.pk, "D", 10), (elder.pk, "C", 10))


def test_leg_amounts_are_positive(tb, posted):
    elder = ledger.person_account(tb.cast.elder)
    issuer = ledger.issuance_account(tb.city)
    with pytest.raises(IntegrityError, match="leg_amount_positive"), transaction.atomic():
        tx = _new_header(posted.grant_id, "negative")
        _add_legs(tx, (issuer.pk, "C", -10), (elder.pk, "D", -10))


def test_a_personal_balance_never_goes_negative_even_in_raw_sql(tb, posted):
    elder = ledger.person_account(tb.cast.elder)
    issuer = ledger.issuance_account(tb.city)
    with pytest.raises(IntegrityError, match="account_balance_sign"), transaction.atomic():
        tx = _new_header(posted.grant_id, "overdraft")
        _add_legs(tx, (elder.pk, "D", 99999), (issuer.pk, "C", 99999))


@pytest.mark.parametrize(
    "reopening",
    [
        pytest.param([], id="a lone leg after an early check"),
        pytest.param(["SELECT set_config('timebank.sealed', '', true)"], id="the seal cleared"),
    ],
)
def test_a_checked_transaction_stays_sealed(tb, posted, reopening):
    """Checking early (SET CONSTRAINTS ALL IMMEDIATE) seals the transaction: a leg added after
    it fails, and clearing any setting does not reopen it."""
    elder = ledger.person_account(tb.cast.elder)
    issuer = ledger.issuance_account(tb.city)
    with pytest.raises(DatabaseError, match="already checked"), transaction.atomic():
        tx = _new_header(posted.grant_id, "sneaky")
        _add_legs(tx, (issuer.pk, "D", 10), (elder.pk, "C", 10))
        _sql("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in reopening:
            _sql(statement)
        _add_legs(tx, (elder.pk, "C", 7))
    assert not Transaction.objects.filter(idempotency_key="sneaky").exists()


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


def test_a_temporary_table_cannot_stand_in_for_the_legs(tb, posted):
    """The balance check reads the real legs, whatever the session's own tables are called."""
    elder = ledger.person_account(tb.cast.elder)
    with pytest.raises(IntegrityError, match="not balanced"), transaction.atomic():
        _sql("CREATE TEMP TABLE timebank_leg (LIKE public.timebank_leg)")
        tx = _new_header(posted.grant_id, "shadowed")
        _sql(
            "INSERT INTO pg_temp.timebank_leg (id, transaction_id, account_id, side, amount) "
            "VALUES (1, %s, 1, 'D', 30), (2, %s, 1, 'C', 30)",
            [tx, tx],
        )
        _sql(
            "INSERT INTO public.timebank_leg (transaction_id, account_id, side, amount) "
            "VALUES (%s, %s, 'C', 30)",
            [tx, elder.pk],
        )
    assert not Transaction.objects.filter(idempotency_key="shadowed").exists()


def test_the_ledger_is_consistent_after_all_these_attempts(tb, posted):
    assert check.run() == []
