"""The case status machine: which moves are allowed.

The same map is installed in PostgreSQL as a trigger (migration 0002), so no code path, not even
``QuerySet.update()`` or raw SQL, can make a move the map does not list. The importer, which
synchronises cases from another system, states its purpose with a transaction-local setting.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from minsheng.core.errors import Refused
from minsheng.hotline.models import Status

S = Status

ALLOWED: dict[str, frozenset[str]] = {
    # A consultation answered on the call from the knowledge base is closed at once.
    S.RECEIVED: frozenset({S.DISPATCHED, S.MERGED, S.CLOSED}),
    S.RETURNED: frozenset({S.DISPATCHED, S.MERGED}),
    S.DISPATCHED: frozenset({S.ACCEPTED, S.RETURNED, S.RESPONDED, S.DISPATCHED, S.MERGED}),
    S.ACCEPTED: frozenset({S.RESPONDED, S.RETURNED, S.DISPATCHED, S.MERGED}),
    S.RESPONDED: frozenset({S.HANDLED, S.DISPATCHED}),
    # A call-back closes the case, or the caller disputes the result and it goes back to the unit.
    S.HANDLED: frozenset({S.CLOSED, S.ACCEPTED}),
    # A caller who disputes "resolved" after closing reopens the case.
    S.CLOSED: frozenset({S.ACCEPTED}),
    S.MERGED: frozenset(),
}


class IllegalTransition(Refused):
    """A move the status machine does not allow (HTTP 409 in the API)."""

    code = "conflict"

    def __init__(self, current: str, target: str, message: str | None = None) -> None:
        self.current = current
        self.target = target
        super().__init__(
            message
            or _("The case is %(current)s; it cannot move to %(target)s.")
            % {"current": Status(current).label, "target": Status(target).label}
        )


def check(current: str, target: str) -> None:
    if target not in ALLOWED.get(current, frozenset()):
        raise IllegalTransition(current, target)


def allowed_pairs_sql() -> str:
    """The map as a SQL ``VALUES`` list, for the trigger."""
    pairs = sorted((str(a), str(b)) for a, targets in ALLOWED.items() for b in targets)
    return ", ".join(f"('{a}', '{b}')" for a, b in pairs)
