"""When the database is away: which errors mean it, and how to drop the broken connections."""

from __future__ import annotations

import contextlib

from django.db import DatabaseError, InterfaceError, OperationalError, connections

# The server restarted or the connection was cut: nobody's input is at fault.
DATABASE_DOWN = (OperationalError, InterfaceError)


def close_connections() -> None:
    """Close this thread's database connections so that the next query opens a fresh one.

    Closing a connection to a server that is gone may itself fail; the connection is gone anyway.
    """
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError, InterfaceError):
            connection.close()
