"""Photos of a visit, added with the volunteer's sign-in or sign-out.

The photo is cleaned (``core.uploads``) before anything is written; the sign and the photo's
row commit together, and a refused sign leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.core.uploads import CleanPhoto, files_undone_on_failure, store_upload
from minsheng.timebank.actions.orders import staff_for
from minsheng.timebank.models import OrderPhoto, ServiceOrder

FOLDER = "timebank/visits"


def sign_with_photo(
    sign: Callable[[], ServiceOrder], *, actor: Any, kind: str, photo: CleanPhoto | None
) -> ServiceOrder:
    """Run ``sign`` (a sign-in or sign-out action) and keep its photo in the same transaction."""
    with files_undone_on_failure(), transaction.atomic():
        order = sign()
        if photo is not None:
            add_order_photo(actor=actor, order=order, kind=kind, photo=photo)
    return order


def add_order_photo(*, actor: Any, order: ServiceOrder, kind: str, photo: CleanPhoto) -> OrderPhoto:
    """Store a cleaned photo of the visit; only once the order was signed that way."""
    access.require(actor, "timebank.sign_order", order)
    if actor.pk != order.volunteer_id and not staff_for(actor, order):
        raise PermissionDenied(_("Only the booked volunteer or the station can add photos."))
    if kind not in OrderPhoto.Kind.values:
        raise ValidationError({"kind": _("Say whether this is a sign-in or a sign-out.")})
    signed = order.signed_in_at if kind == OrderPhoto.Kind.SIGN_IN else order.signed_out_at
    if signed is None:
        raise ValidationError(_("A photo can only be added with the sign it belongs to."))
    with transaction.atomic():
        added = OrderPhoto.objects.create(
            order=order, kind=kind, **store_upload(FOLDER, photo, actor=actor)
        )
        record(
            action="timebank.add_photo",
            target=order,
            actor=actor,
            after={"photo": added.pk, "kind": kind, "size": added.size},
        )
    return added
