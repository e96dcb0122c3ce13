"""PostgreSQL helpers shared by the apps' migrations.

Append-only tables (audit log, ledger legs, case events) refuse UPDATE and DELETE row by row, and
TRUNCATE statement by statement, in the database itself, for every role: neither the admin, a
shell, ``QuerySet.update()`` nor raw SQL can rewrite history. The application's role has no
UPDATE, DELETE or TRUNCATE privilege on them either (``core.database.privileges`` reads these
triggers to know which tables they are).
"""

from __future__ import annotations

from django.db import migrations

FORBID_CHANGE_FUNCTION = """
CREATE OR REPLACE FUNCTION minsheng_forbid_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
"""

FORBID_TRUNCATE_FUNCTION = """
CREATE OR REPLACE FUNCTION minsheng_forbid_truncate() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are append-only: TRUNCATE is not allowed', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
"""

# Tables that only the database's own functions write (they run as the owner, SECURITY DEFINER).
WRITTEN_BY_DATABASE_FUNCTION = """
CREATE OR REPLACE FUNCTION minsheng_written_by_database() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF current_user <> (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        RAISE EXCEPTION 'rows of % are written by the database itself: % is not allowed',
            TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
"""


def append_only(table: str) -> migrations.RunSQL:
    """A migration operation that makes ``table`` append-only."""
    trigger = f"{table}_append_only"
    return migrations.RunSQL(
        sql=(
            FORBID_TRUNCATE_FUNCTION
            + f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION minsheng_forbid_change();" + forbid_truncate_sql(table)
        ),
        reverse_sql=(
            f"DROP TRIGGER IF EXISTS {trigger} ON {table};"
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};"
        ),
    )


def forbid_truncate_sql(table: str) -> str:
    return (
        f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION minsheng_forbid_truncate();"
    )


def written_by_database(table: str, *, per_statement: bool = False) -> migrations.RunSQL:
    """A migration operation: only the database's own (owner's) functions write ``table``.

    ``per_statement`` checks once per statement instead of once per row (the same refusal, for
    tables written many rows at a time)."""
    trigger = f"{table}_written_by_database"
    level = "STATEMENT" if per_statement else "ROW"
    return migrations.RunSQL(
        sql=(
            WRITTEN_BY_DATABASE_FUNCTION
            + f"CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH {level} EXECUTE FUNCTION minsheng_written_by_database();"
        ),
        reverse_sql=f"DROP TRIGGER IF EXISTS {trigger} ON {table};",
    )
