"""Every change of verified presence: print a door card, register a phone, sign at the door,
and the station's review of a flagged sign. Each checks the permission, runs in one transaction
and writes its audit entry in it. Signing moves the order only through the Time Bank's own
``sign_in`` / ``sign_out``; settlement stays with the Time Bank's actions (``guard.py``)."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.timebank import clock
from minsheng.timebank.actions import orders
from minsheng.timebank.actions.common import acting_for
from minsheng.timebank.errors import IllegalMove
from minsheng.timebank.models import ServiceOrder
from minsheng.timebank.presence import conf, devices, geo, tokens
from minsheng.timebank.presence.models import Device, DoorCard, PresenceCheck

Kind, Status, Method = PresenceCheck.Kind, PresenceCheck.Status, PresenceCheck.Method


def issue_card(
    *, actor: Any, elder: Any, latitude: float | None = None, longitude: float | None = None
) -> DoorCard:
    """A new door card for ``elder``; the one before it stops working (rotation)."""
    access.require(actor, "presence.issue_card", elder)
    if (latitude is None) != (longitude is None) or (
        latitude is not None
        and longitude is not None
        and not geo.Position(latitude, longitude, 0).valid()
    ):
        raise ValidationError({"latitude": _("Give both latitude and longitude, or neither.")})
    now = clock.now()
    with transaction.atomic():
        retired = DoorCard.objects.select_for_update().filter(elder=elder, retired_at__isnull=True)
        retired_codes = [card.pk for card in retired]
        retired.update(retired_at=now)
        card = DoorCard.objects.create(
            elder=elder,
            code=tokens.new_code(),
            latitude=latitude,
            longitude=longitude,
            issued_at=now,
            issued_by=actor,
        )
        record(
            action="presence.issue_card",
            target=card,
            actor=actor,
            on_behalf_of=acting_for(actor, elder),
            after={"elder": elder.pk, "retired": retired_codes, "fence": card.has_position},
        )
    return card


def active_card(elder_id: int) -> DoorCard | None:
    return DoorCard.objects.filter(elder_id=elder_id, retired_at__isnull=True).first()


def register_device(*, actor: Any, public_key: str, label: str = "") -> Device:
    """The phone's public key (SPKI, base64) becomes a known device of ``actor``."""
    access.require(actor, "presence.use_field_app")
    key_id = devices.key_id_of(public_key)
    with transaction.atomic():
        device = Device.objects.select_for_update().filter(key_id=key_id).first()
        if device is not None:
            if device.owner_id != actor.pk or device.revoked_at is not None:
                raise PermissionDenied(_("This phone's key belongs to someone else."))
            return device
        device = Device.objects.create(
            owner=actor, key_id=key_id, public_key=public_key.strip(), label=label.strip()[:200]
        )
        record(action="presence.register_device", target=device, actor=actor)
    return device


@dataclass(frozen=True)
class Queued:
    """A sign the phone made offline: its own id, the moment it recorded and the phone."""

    client_id: str
    at: dt.datetime
    device: Device


def sign_at_door(
    *,
    actor: Any,
    order: ServiceOrder,
    kind: str,
    token: str = "",
    position: geo.Position | None = None,
    queued: Queued | None = None,
) -> PresenceCheck:
    """The booked volunteer signs in or out at the door. A sign without a valid door code, or
    outside the fence, is accepted but flagged for the station."""
    access.require(actor, "timebank.sign_order", order)
    if actor.pk != order.volunteer_id:
        raise PermissionDenied(_("Only the booked volunteer signs at the door."))
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Say whether this is a sign-in or a sign-out.")})
    if queued is not None:
        earlier = PresenceCheck.objects.filter(client_id=queued.client_id).first()
        if earlier is not None:
            return _same_sign_again(earlier, order, kind)
        _check_delay(queued.at)
    if position is not None and not position.valid():
        raise ValidationError({"position": _("The phone's position cannot be right.")})
    moment = queued.at if queued else clock.now()
    card = _card_of_token(token, order, moment) if token.strip() else None
    assessed = _assess(order, card, position)
    try:
        with transaction.atomic():
            return _sign(actor, order, kind, moment, card, assessed, position, queued)
    except IntegrityError as error:
        # The same queued sign sent twice at the same moment: the first one counts.
        if queued is not None and "client_id" in str(error):
            earlier = PresenceCheck.objects.get(client_id=queued.client_id)
            return _same_sign_again(earlier, order, kind)
        raise


def sign_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The API's sign fields as ``sign_on_page`` takes them."""
    lat, lon, accuracy = data.get("latitude"), data.get("longitude"), data.get("accuracy")
    position = None
    if lat is not None and lon is not None and accuracy is not None:
        position = geo.Position(float(lat), float(lon), float(accuracy))
    return {"at": data.get("at"), "token": data.get("token") or "", "position": position}


def sign_on_page(
    *,
    actor: Any,
    order: ServiceOrder,
    kind: str,
    at: dt.datetime | None = None,
    token: str = "",
    position: geo.Position | None = None,
) -> ServiceOrder:
    """The sign buttons of the Time Bank's pages and API. The volunteer signing there without
    the door code is flagged for the station. Staff entering the times (from a paper sheet, or
    for a volunteer without a phone) confirm the visit themselves."""
    if actor.pk == order.volunteer_id:
        if at is not None:
            raise PermissionDenied(_("Only station staff may enter sign times by hand."))
        return sign_at_door(
            actor=actor, order=order, kind=kind, token=token, position=position
        ).order
    with transaction.atomic():
        if kind == Kind.SIGN_IN:
            order = orders.sign_in(actor=actor, order=order, at=at)
        else:
            order = orders.sign_out(actor=actor, order=order, at=at)
        moment = order.signed_in_at if kind == Kind.SIGN_IN else order.signed_out_at
        assert moment is not None
        check = PresenceCheck.objects.create(
            order=order,
            kind=kind,
            status=Status.CONFIRMED,
            method=Method.STATION,
            at=moment,
            received_at=clock.now(),
            reviewed_by=actor,
            reviewed_at=clock.now(),
        )
        record(
            action="presence.confirm_check",
            target=check,
            actor=actor,
            after={"order": order.pk, "kind": kind, "method": Method.STATION, "at": moment},
        )
    return order


def _same_sign_again(earlier: PresenceCheck, order: ServiceOrder, kind: str) -> PresenceCheck:
    if earlier.order_id != order.pk or earlier.kind != kind:
        raise ValidationError({"client_id": _("This sign was already received for another visit.")})
    return earlier


def _check_delay(moment: dt.datetime) -> None:
    now = clock.now()
    if moment > now + orders.CLOCK_SLACK:
        raise ValidationError({"at": _("A sign time cannot be in the future.")})
    if now - moment > conf.offline_delay():
        raise ValidationError(
            {"at": _("This sign was made too long ago to be accepted; ask the station.")}
        )


def _card_of_token(token: str, order: ServiceOrder, moment: dt.datetime) -> DoorCard:
    code = tokens.code_of(token)
    card = DoorCard.objects.filter(code=code).first() if code else None
    if card is None:
        raise ValidationError({"token": _("This is not a door code of the Time Bank.")})
    if card.elder_id != order.beneficiary_id:
        raise ValidationError({"token": _("This door code belongs to another home.")})
    if card.retired_at is not None and card.retired_at <= moment:
        raise ValidationError(
            {"token": _("This door code was replaced by a new one; ask the station.")}
        )
    return card


@dataclass(frozen=True)
class _Assessed:
    status: str
    method: str
    flags: list[str]
    distance_m: float | None


def _assess(order: ServiceOrder, card: DoorCard | None, position: geo.Position | None) -> _Assessed:
    """QR inside (or without) a fence: verified by QR. No QR but inside the fence: verified by
    the phone's position. Otherwise flagged, with the reasons."""
    fence = card if card is not None else active_card(order.beneficiary_id)
    distance = None
    inside: bool | None = None  # None: no fence to compare with
    if fence is not None and fence.has_position and position is not None:
        assert fence.latitude is not None and fence.longitude is not None
        distance = geo.distance_m(
            position.latitude, position.longitude, fence.latitude, fence.longitude
        )
        radius = conf.fence_radius_m()
        inside = distance <= radius and position.accuracy_m <= radius
    flags = []
    if card is None:
        flags.append("no_qr")
    if inside is False:
        flags.append("outside_fence")
    if not flags:
        return _Assessed(Status.VERIFIED, Method.QR, flags, distance)
    if flags == ["no_qr"] and inside:
        return _Assessed(Status.VERIFIED, Method.GEOFENCE, [], distance)
    return _Assessed(Status.FLAGGED, "", flags, distance)


def _sign(
    actor: Any,
    order: ServiceOrder,
    kind: str,
    moment: dt.datetime,
    card: DoorCard | None,
    assessed: _Assessed,
    position: geo.Position | None,
    queued: Queued | None,
) -> PresenceCheck:
    device_time = moment if queued else None
    if kind == Kind.SIGN_IN:
        order = orders.sign_in(actor=actor, order=order, device_time=device_time)
    else:
        order = orders.sign_out(actor=actor, order=order, device_time=device_time)
    check = PresenceCheck.objects.create(
        order=order,
        kind=kind,
        status=assessed.status,
        method=assessed.method,
        flags=assessed.flags,
        at=moment,
        received_at=clock.now(),
        offline=queued is not None,
        device=queued.device if queued else None,
        client_id=queued.client_id if queued else None,
        card=card,
        latitude=position.latitude if position else None,
        longitude=position.longitude if position else None,
        accuracy_m=position.accuracy_m if position else None,
        distance_m=assessed.distance_m,
        phone_code=f"{secrets.randbelow(10**6):06d}" if assessed.status == Status.FLAGGED else "",
    )
    record(
        action="presence.sign_at_door",
        target=check,
        actor=actor,
        after={
            "order": order.pk,
            "kind": kind,
            "status": check.status,
            "method": check.method,
            "flags": check.flags,
            "offline": check.offline,
            "at": moment,
        },
    )
    return check


def _locked_flagged(actor: Any, check: PresenceCheck) -> PresenceCheck:
    access.require(actor, "presence.review_check", check)
    locked = PresenceCheck.objects.select_for_update().select_related("order").get(pk=check.pk)
    if locked.status != Status.FLAGGED:
        raise IllegalMove(_("This sign is not waiting for the station."))
    return locked


def _review(
    actor: Any, check: PresenceCheck, *, status: str, method: str, note: str, action: str
) -> PresenceCheck:
    check.status = status
    check.method = method
    check.reviewed_by = actor
    check.reviewed_at = clock.now()
    check.review_note = note.strip()[:300]
    check.save(update_fields=["status", "method", "reviewed_by", "reviewed_at", "review_note"])
    on_behalf_of = check.order.beneficiary if method == Method.PHONE_CODE else None
    record(
        action=action,
        target=check,
        actor=actor,
        on_behalf_of=on_behalf_of,
        before={"status": Status.FLAGGED},
        after={"status": status, "method": method, "order": check.order_id},
        note=check.review_note,
    )
    return check


def confirm_check(*, actor: Any, check: PresenceCheck, note: str = "") -> PresenceCheck:
    """The station confirms a flagged sign (it called the elder, or knows the visit happened)."""
    with transaction.atomic():
        check = _locked_flagged(actor, check)
        return _review(
            actor,
            check,
            status=Status.CONFIRMED,
            method=Method.STATION,
            note=note,
            action="presence.confirm_check",
        )


def confirm_by_phone_code(*, actor: Any, check: PresenceCheck, code: str) -> PresenceCheck:
    """The elder read the code on the volunteer's phone to the station over the phone."""
    with transaction.atomic():
        check = _locked_flagged(actor, check)
        if not hmac.compare_digest(code.strip(), check.phone_code):
            raise ValidationError({"code": _("The code does not match; ask the elder again.")})
        return _review(
            actor,
            check,
            status=Status.CONFIRMED,
            method=Method.PHONE_CODE,
            note="",
            action="presence.confirm_by_phone_code",
        )


def reject_check(*, actor: Any, check: PresenceCheck, reason: str) -> PresenceCheck:
    """The station does not believe the visit took place: the order will not settle by
    confirmation; the station decides its minutes through a dispute."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the sign is rejected.")})
    with transaction.atomic():
        check = _locked_flagged(actor, check)
        return _review(
            actor,
            check,
            status=Status.REJECTED,
            method="",
            note=reason,
            action="presence.reject_check",
        )
