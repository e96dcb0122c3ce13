"""The database does not trust the application more than it must.

The platform (and these tests) connect as the application's role; the owner runs migrations.
Each attack below once succeeded as the superuser; each now commits nothing but a refusal.
"""

from __future__ import annotations

import os
import subprocess
import sys

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from minsheng import dbserver
from minsheng.core.database.checks import check_application_role
from tests.database import application_connection, owner_connection

pytestmark = pytest.mark.django_db(transaction=True)

APPEND_ONLY = {
    "audit_auditentry",
    "audit_chainlink",
    "audit_checkpoint",
    "hotline_articleversion",
    "hotline_caseattachment",
    "hotline_caseevent",
    "hotline_urging",
    "monthly_problemdocument",
    "timebank_leg",
    "timebank_orderevent",
    "timebank_orderphoto",
    "timebank_transaction",
}


def _committed(statement: str) -> None:
    """Run ``statement`` as the application's role and commit."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)


def _append_only_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'minsheng_forbid_change' "
            "AND c.relname <> 'timebank_account'"
        )
        return {name for (name,) in cursor.fetchall()}


def test_the_application_connects_as_neither_superuser_nor_owner():
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False,)
    assert check_application_role(None) == []


def test_the_append_only_tables_are_the_ones_this_test_knows():
    assert _append_only_tables() == APPEND_ONLY


def test_the_application_cannot_switch_triggers_off_with_replication_role():
    with pytest.raises(DatabaseError, match="permission denied to set parameter"):
        _committed("SET LOCAL session_replication_role = replica")


@pytest.mark.parametrize("table", sorted(APPEND_ONLY))
def test_the_application_cannot_truncate_history(table):
    with pytest.raises(DatabaseError, match="permission denied"):
        _committed(f"TRUNCATE {table} CASCADE")


@pytest.mark.parametrize("table", sorted(APPEND_ONLY))
def test_not_even_the_owner_can_truncate_history(table):
    with owner_connection() as owner, pytest.raises(psycopg.Error, match="TRUNCATE is not allowed"):
        owner.execute(f"TRUNCATE {table} CASCADE")


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TABLE public.smuggled (id int)",
        "ALTER TABLE timebank_leg DISABLE TRIGGER USER",
        "DROP TRIGGER timebank_transaction_sealed ON timebank_transaction",
        "CREATE TRIGGER smuggled AFTER INSERT ON timebank_leg "
        "FOR EACH ROW EXECUTE FUNCTION minsheng_forbid_change()",
        "ALTER TABLE audit_auditentry ADD COLUMN smuggled int",
        "CREATE FUNCTION public.smuggled() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    ],
)
def test_the_application_has_no_ddl(statement):
    with pytest.raises(DatabaseError, match="permission denied|must be owner"):
        _committed(statement)


def test_the_application_cannot_write_the_chains_itself():
    for statement in (
        "INSERT INTO audit_chainlink (chain, seq, row_id, prev_hash, hash, linked_at) "
        "VALUES ('audit', 999, 1, 'x', 'y', now())",
        "UPDATE audit_chainhead SET seq = 0",
        "SELECT minsheng_chain_append('audit', 1, '[]')",
    ):
        with pytest.raises(DatabaseError, match="permission denied"):
            _committed(statement)


def test_a_fresh_connection_of_the_application_is_refused_the_same():
    with application_connection() as application:
        with pytest.raises(psycopg.Error, match="permission denied"):
            application.execute("TRUNCATE audit_auditentry")
        with pytest.raises(psycopg.Error, match="permission denied to set parameter"):
            application.execute("SET session_replication_role = replica")


def test_migrations_run_as_the_owner_and_leave_the_application_its_privileges():
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == "minsheng_app"
        cursor.execute("SELECT count(*) FROM audit_auditentry")  # still readable
    assert check_application_role(None) == []


def run_check_deploy(user: str) -> subprocess.CompletedProcess[str]:
    connection.ensure_connection()
    settings = connection.settings_dict
    url = f"postgresql://{user}:@/{settings['NAME']}?host={settings['HOST']}"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": url,
    }
    return subprocess.run(
        [sys.executable, "-c", "from minsheng.cli import main; main()", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# The embedded server's roles; a server given by DATABASE_URL has roles of its own names.
embedded_roles = pytest.mark.skipif(
    not dbserver.is_embedded(), reason="the embedded server's roles"
)


@pytest.mark.slow
@embedded_roles
def test_check_deploy_reports_an_application_role_that_owns_the_tables():
    result = run_check_deploy("minsheng_owner")
    assert result.returncode != 0
    assert "minsheng.E032" in result.stderr  # owns tables
    assert "minsheng.E033" in result.stderr  # may TRUNCATE
    assert "minsheng.E034" in result.stderr  # may create objects


@pytest.mark.slow
@embedded_roles
def test_check_deploy_reports_a_superuser():
    result = run_check_deploy("postgres")
    assert "minsheng.E031" in result.stderr


@pytest.mark.slow
def test_check_deploy_is_quiet_about_the_application_role():
    result = run_check_deploy(connection.settings_dict["USER"])
    assert "minsheng.E03" not in result.stderr, result.stderr


def test_server_side_binding_is_refused_by_the_system_checks(monkeypatch):
    from django.db import connections

    from minsheng.core.database.checks import check_client_side_binding

    assert check_client_side_binding(None) == []
    options = {**connections["default"].settings_dict.get("OPTIONS", {})}
    monkeypatch.setitem(
        connections["default"].settings_dict, "OPTIONS", {**options, "server_side_binding": True}
    )
    assert [error.id for error in check_client_side_binding(None)] == ["minsheng.E036"]
