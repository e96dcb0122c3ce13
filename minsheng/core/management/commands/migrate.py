"""``minsheng migrate``: Django's migrate, run as the owner of the database, after which the
application's role is given exactly its privileges (``core.database.privileges``)."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import migrate
from django.db import connections

from minsheng.core.database.roles import as_owner, secure_schema


class Command(migrate.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        with as_owner(connection):
            super().handle(*args, **options)
            secure_schema(connection)
