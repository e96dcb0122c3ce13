"""What the application role may do, derived from the schema itself (no Django needed here).

Run by the owner after every migration (``minsheng migrate``) and by the embedded server when it
hands an older database to the owner. The application role gets:

* USAGE on the schema, never CREATE (no DDL: no tables, no triggers, no functions of its own);
* SELECT, INSERT, UPDATE and DELETE on the tables, never TRUNCATE, REFERENCES, TRIGGER or
  MAINTAIN; on append-only tables (those with a ``minsheng_forbid_change`` trigger) neither
  UPDATE nor DELETE; on tables only the database writes (``minsheng_written_by_database``)
  SELECT alone;
* USAGE and SELECT on sequences (``nextval``), never ``setval``.

Default privileges give tables the owner creates later the same grants until the next run, and
every function of the schema gets a fixed ``search_path`` so that a temporary table cannot stand
in for a real one inside a trigger.
"""

from __future__ import annotations

from typing import Any, Protocol


class Executor(Protocol):
    def execute(self, query: Any, params: Any = ...) -> Any: ...


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


# Every (table, privilege) that a trigger forbids, read from the catalogue.
FORBIDDEN = """
SELECT format('%%I.%%I', n.nspname, c.relname), privilege
  FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_proc p ON p.oid = t.tgfoid
 CROSS JOIN LATERAL (VALUES ('UPDATE', 16), ('DELETE', 8), ('INSERT', 4)) AS e(privilege, bit)
 WHERE n.nspname = %s AND NOT t.tgisinternal
   AND (
        (p.proname = 'minsheng_forbid_change' AND t.tgtype & e.bit <> 0)
        OR (p.proname = 'minsheng_written_by_database' AND e.privilege IN ('UPDATE', 'DELETE', 'INSERT'))
   )
 ORDER BY 1, 2
"""

UNPINNED_FUNCTIONS = """
SELECT p.oid::regprocedure::text
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  JOIN pg_language l ON l.oid = p.prolang
 WHERE n.nspname = %s AND l.lanname IN ('plpgsql', 'sql') AND p.prokind = 'f'
   AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) AS c WHERE c LIKE 'search\\_path=%%')
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
"""


def secure(executor: Executor, *, owner: str, application: str) -> None:
    """Grant ``application`` exactly what it needs on the current schema (idempotent)."""
    if owner == application:
        return  # one role for everything: nothing to separate (minsheng check --deploy says so)
    schema = _fetch(executor, "SELECT current_schema()")[0][0]
    app, own, space = quote(application), quote(owner), quote(schema)
    statements = [
        f"REVOKE CREATE ON SCHEMA {space} FROM PUBLIC",
        f"REVOKE ALL ON SCHEMA {space} FROM {app}",
        f"GRANT USAGE ON SCHEMA {space} TO {app}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {space} FROM {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {space} TO {app}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {space} FROM {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {space} TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {own} IN SCHEMA {space} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {own} IN SCHEMA {space} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
    for table, privilege in _fetch(executor, FORBIDDEN, [schema]):
        statements.append(f"REVOKE {privilege} ON {table} FROM {app}")
    for function in _fetch(executor, UNPINNED_FUNCTIONS, [schema]):
        statements.append(f"ALTER FUNCTION {function[0]} SET search_path = {space}, pg_temp")
    for statement in statements:
        executor.execute(statement)


def _fetch(executor: Executor, query: str, params: list[Any] | None = None) -> list[Any]:
    result: Any = executor.execute(query, params or [])
    # A psycopg connection returns its cursor; a Django cursor returns nothing.
    cursor: Any = result if hasattr(result, "fetchall") else executor
    return list(cursor.fetchall())
