"""PostgreSQL helpers shared by the apps' migrations.

Append-only tables (audit log, ledger legs, case events) refuse UPDATE and DELETE in the database
itself, so that neither the admin, a shell, ``QuerySet.update()`` nor raw SQL can rewrite history.
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


def append_only(table: str) -> migrations.RunSQL:
    """A migration operation that makes ``table`` append-only."""
    trigger = f"{table}_append_only"
    return migrations.RunSQL(
        sql=(
            f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION minsheng_forbid_change();"
        ),
        reverse_sql=f"DROP TRIGGER IF EXISTS {trigger} ON {table};",
    )
