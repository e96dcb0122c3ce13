"""``minsheng check --deploy``: the application's database role must not be trusted more than
it needs (docs/architecture.md, "Two database roles")."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError, connections

ROLE_QUERY = """
WITH mine AS (
    SELECT c.oid, c.relkind, c.relowner
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
), forbidden AS (
    -- The changes that append-only triggers refuse, table by table (UPDATE = 16, DELETE = 8).
    SELECT t.tgrelid AS oid, t.tgtype & 16 <> 0 AS updates, t.tgtype & 8 <> 0 AS deletes
      FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
     WHERE p.proname = 'minsheng_forbid_change' AND NOT t.tgisinternal
)
SELECT r.rolsuper,
       (SELECT count(*) FROM mine WHERE mine.relowner = r.oid),
       (SELECT count(*) FROM mine WHERE mine.relkind IN ('r', 'p')
           AND has_table_privilege(mine.oid, 'TRUNCATE')),
       has_schema_privilege(current_schema(), 'CREATE')
           OR has_database_privilege(current_database(), 'CREATE'),
       (SELECT count(DISTINCT forbidden.oid) FROM forbidden
         WHERE (forbidden.updates AND has_table_privilege(forbidden.oid, 'UPDATE'))
            OR (forbidden.deletes AND has_table_privilege(forbidden.oid, 'DELETE')))
  FROM pg_roles r WHERE r.rolname = current_user
"""


@register(Tags.security, deploy=True)
def check_application_role(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute(ROLE_QUERY)
            superuser, owned, truncatable, creates, rewritable = cursor.fetchone()
    except DatabaseError as error:
        return [
            Warning(
                f"The application's database role could not be inspected: {error}",
                id="minsheng.W030",
            )
        ]
    role = connection.settings_dict.get("USER") or "?"
    hint = (
        "Connect the application (DATABASE_URL) with a role that only reads and writes rows, and "
        "migrate with the owner (MINSHENG_MIGRATION_DATABASE_URL); see docs/architecture.md."
    )
    found: list[CheckMessage] = []
    if superuser:
        found.append(
            Error(f"The application's role {role} is a superuser.", hint, id="minsheng.E031")
        )
    if owned:
        found.append(
            Error(f"The application's role {role} owns {owned} tables.", hint, id="minsheng.E032")
        )
    if truncatable:
        found.append(
            Error(
                f"The application's role {role} may TRUNCATE {truncatable} tables.",
                hint,
                id="minsheng.E033",
            )
        )
    if creates:
        found.append(
            Error(
                f"The application's role {role} may create objects (DDL) in the database.",
                hint,
                id="minsheng.E034",
            )
        )
    if rewritable:
        found.append(
            Error(
                f"The application's role {role} may UPDATE or DELETE rows of {rewritable} "
                "append-only tables.",
                hint,
                id="minsheng.E035",
            )
        )
    return found


@register(Tags.database, deploy=False)
def check_client_side_binding(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """A ledger posting travels with its commit and its wait for the disk as one query string,
    which only client-side binding (Django's default for psycopg) may send."""
    options = connections["default"].settings_dict.get("OPTIONS") or {}
    if not options.get("server_side_binding"):
        return []
    return [
        Error(
            "The database connection uses server-side binding (OPTIONS server_side_binding).",
            "Leave it off: ledger postings send several statements in one round trip "
            "(docs/timebank.md, the ledger).",
            id="minsheng.E036",
        )
    ]
