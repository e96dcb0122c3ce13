"""``flush``: Django's, run as the owner. In a test database, the guards against TRUNCATE are
lifted for the one transaction that empties the tables (the test suite does so between tests
that commit); anywhere else they hold, and history is not wiped."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections, transaction

from minsheng.core.database.roles import as_owner

GUARDS = """
SELECT format('%I.%I', n.nspname, c.relname), t.tgname
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid
 WHERE p.proname = 'minsheng_forbid_truncate' AND n.nspname = current_schema()
"""


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        settings = connection.settings_dict
        testing = settings["NAME"] == (settings.get("TEST") or {}).get("NAME")
        with as_owner(connection), transaction.atomic(using=connection.alias):
            guards = []
            if testing:
                with connection.cursor() as cursor:
                    cursor.execute(GUARDS)
                    guards = cursor.fetchall()
                    for table, trigger in guards:
                        cursor.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{trigger}"')
            super().handle(**options)
            with connection.cursor() as cursor:
                for table, trigger in guards:
                    cursor.execute(f'ALTER TABLE {table} ENABLE TRIGGER "{trigger}"')
