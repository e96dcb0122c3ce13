"""What the phone app sends: a sign as JSON text, signed by the phone when it was made offline.

The text is parsed here, after its signature is checked, so that every field the server uses is
one the phone signed.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.core.validation import check_moment
from minsheng.timebank.models import ServiceOrder
from minsheng.timebank.presence import actions, devices, geo
from minsheng.timebank.presence.models import Device, PresenceCheck

MAX_PAYLOAD = 4000


def receive_sign(
    *, actor: Any, payload: str, key_id: str = "", signature: str = ""
) -> PresenceCheck:
    """Accept a sign from the phone app (online, or queued offline and sent later)."""
    data = _parsed(payload)
    order = _order(actor, data.get("order"))
    position = _position(data)
    queued = None
    if data.get("offline"):
        device = _signing_device(actor, key_id, payload, signature)
        queued = actions.Queued(
            client_id=_client_id(data.get("client_id")), at=_moment(data.get("at")), device=device
        )
    return actions.sign_at_door(
        actor=actor,
        order=order,
        kind=str(data.get("kind", "")),
        token=str(data.get("token") or "")[:500],
        position=position,
        queued=queued,
    )


def _parsed(payload: str) -> dict[str, Any]:
    if len(payload) > MAX_PAYLOAD:
        raise ValidationError({"payload": _("The sign is too long.")})
    try:
        data = json.loads(payload)
    except ValueError as error:
        raise ValidationError({"payload": _("The sign could not be read.")}) from error
    if not isinstance(data, dict):
        raise ValidationError({"payload": _("The sign could not be read.")})
    return data


def _order(actor: Any, value: Any) -> ServiceOrder:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError({"order": _("Which visit is this sign for?")})
    visible = access.scope(actor, "timebank.view_order", ServiceOrder.objects.all())
    order = visible.filter(pk=value).first()
    if order is None:
        raise ValidationError({"order": _("Which visit is this sign for?")})
    return order


def _position(data: dict[str, Any]) -> geo.Position | None:
    values = [data.get("latitude"), data.get("longitude"), data.get("accuracy")]
    if all(v is None for v in values):
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        raise ValidationError({"position": _("The phone's position cannot be right.")})
    return geo.Position(float(values[0]), float(values[1]), float(values[2]))  # type: ignore[arg-type]


def _client_id(value: Any) -> str:
    if not isinstance(value, str) or not 8 <= len(value) <= 64:
        raise ValidationError({"client_id": _("The sign has no id of the phone.")})
    return value


def _moment(value: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise ValidationError({"at": _("The sign has no time.")})
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationError({"at": _("The sign has no time.")})
    check_moment(moment)
    return moment


def _signing_device(actor: Any, key_id: str, payload: str, signature: str) -> Device:
    device = Device.objects.filter(key_id=key_id, revoked_at__isnull=True).first()
    if device is None or device.owner_id != actor.pk:
        raise PermissionDenied(_("This phone is not registered for you."))
    if not devices.signature_valid(device.public_key, payload, signature):
        raise PermissionDenied(_("The phone's signature does not match this sign."))
    return device
