"""What settlement asks of presence: an order settles by confirmation only when every sign of
it counts (verified at the door, or confirmed by the station). A flagged or rejected sign holds
it back; the station's dispute decision stays the way to settle such an order."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from minsheng.timebank.errors import IllegalMove
from minsheng.timebank.models import ServiceOrder
from minsheng.timebank.presence.models import PresenceCheck

HELD_BACK = (PresenceCheck.Status.FLAGGED, PresenceCheck.Status.REJECTED)
# The weakest method of an order's signs is the order's: a QR sign-in with a station-confirmed
# sign-out is a station-confirmed visit.
STRENGTH = [
    PresenceCheck.Method.QR,
    PresenceCheck.Method.GEOFENCE,
    PresenceCheck.Method.PHONE_CODE,
    PresenceCheck.Method.STATION,
]


def held_back() -> Q:
    """Orders with a sign that does not count yet (for filters such as automatic confirmation)."""
    return Q(Exists(PresenceCheck.objects.filter(order=OuterRef("pk"), status__in=HELD_BACK)))


def ensure_settleable(order: ServiceOrder) -> None:
    statuses = set(order.presence_checks.values_list("status", flat=True))
    if PresenceCheck.Status.REJECTED in statuses:
        raise IllegalMove(
            _(
                "The station rejected a sign of this visit; it settles only by the station's decision."
            )
        )
    if PresenceCheck.Status.FLAGGED in statuses:
        raise IllegalMove(
            _("A sign of this visit was made without the door code; the station confirms it first.")
        )


def method_of(methods: list[str]) -> str:
    """The order's verification method from its signs' methods ("" when none counts)."""
    order = [str(m) for m in STRENGTH]
    if not methods or any(m not in order for m in methods):
        return ""
    return max(methods, key=order.index)
