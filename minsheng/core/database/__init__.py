"""Two database roles and the Django backend that uses them (docs/architecture.md).

* ``DATABASE_URL``: the application's role, used by the web workers, the job worker and every
  command. It reads and writes rows, and nothing more (``privileges``).
* ``MINSHENG_MIGRATION_DATABASE_URL``: the owner's role, which owns the tables, runs
  ``minsheng migrate`` and creates the test databases. Without it the application's URL is used
  for both (and ``minsheng check --deploy`` says that the roles are not separated).

Without ``DATABASE_URL`` both are roles of the embedded server, which starts when the first
connection is opened, not when the settings are read.
"""

from __future__ import annotations

import os
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from minsheng import dbserver

ENGINE = "minsheng.core.database"
MIGRATION_URL = "MINSHENG_MIGRATION_DATABASE_URL"
# The connection fields that differ between the two roles (the database name never does).
ROLE_FIELDS = ("USER", "PASSWORD", "HOST", "PORT", "OPTIONS")
EMPTY: dict[str, Any] = {"USER": "", "PASSWORD": "", "HOST": "", "PORT": "", "OPTIONS": {}}


def application_settings(*, production: bool) -> dict[str, Any]:
    """Django's default database: the application's role."""
    url = os.environ.get("DATABASE_URL")
    settings: dict[str, Any]
    if url:
        settings = dict(dj_database_url.parse(url))
    elif production:
        raise ImproperlyConfigured(
            "DATABASE_URL must be set in production; the embedded server is for local use only."
        )
    else:
        # HOST stays empty until the first connection starts the server and finds its socket.
        settings = _embedded(dbserver.APPLICATION_ROLE)
    settings.update(ENGINE=ENGINE, CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
    return settings


def owner_settings() -> dict[str, Any]:
    """The connection fields of the owner's role (the database is the application's)."""
    url = os.environ.get(MIGRATION_URL) or os.environ.get("DATABASE_URL")
    owner: dict[str, Any] = (
        dict(dj_database_url.parse(url)) if url else _embedded(dbserver.OWNER_ROLE)
    )
    application = application_settings(production=False)
    if owner["NAME"] != application["NAME"]:
        raise ImproperlyConfigured(f"DATABASE_URL and {MIGRATION_URL} must name the same database.")
    return {field: owner.get(field) or EMPTY[field] for field in ROLE_FIELDS}


def _embedded(role: str) -> dict[str, Any]:
    return {**EMPTY, "NAME": dbserver.DATABASE_NAME, "USER": role, "EMBEDDED": True}
