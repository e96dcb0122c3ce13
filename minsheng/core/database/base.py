"""Django's PostgreSQL backend, plus the two roles: the embedded server starts on the first
connection, and test databases are created and migrated by the owner."""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base, creation

from minsheng import dbserver
from minsheng.core.database.roles import as_owner


class DatabaseCreation(creation.DatabaseCreation):
    def create_test_db(self, *args: Any, **kwargs: Any) -> str:
        # The owner creates and migrates the test database; the tests then run as the
        # application's role, like the platform itself.
        with as_owner(self.connection):
            return super().create_test_db(*args, **kwargs)

    def destroy_test_db(self, *args: Any, **kwargs: Any) -> None:
        with as_owner(self.connection):
            super().destroy_test_db(*args, **kwargs)


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation

    def get_connection_params(self) -> dict[str, Any]:
        if self.settings_dict.get("EMBEDDED") and not self.settings_dict["HOST"]:
            self.settings_dict["HOST"] = dbserver.ensure_running()
        return super().get_connection_params()
