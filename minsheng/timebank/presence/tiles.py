"""The phone app and the station's presence desk on the role home pages, and the flagged signs
that wait for the station."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from minsheng import access
from minsheng.core.modules import Attention, Tile, add_attention, add_tiles
from minsheng.timebank.presence.models import PresenceCheck

add_tiles(
    Tile(
        _("Today's visits (phone app)"),
        _("The way to the elder, sign in and out with the door code, also offline."),
        "presence:field",
        frozenset({"volunteer"}),
        order=9,
    ),
    Tile(
        _("Door codes and visit checks"),
        _("Print door QR codes; confirm visits signed without a code."),
        "presence:desk",
        frozenset({"station_operator", "district_admin"}),
        order=25,
    ),
)


@add_attention
def flagged_signs(user: Any) -> list[Attention]:
    if not access.can(user, "presence.review_check"):
        return []
    waiting = access.scope(
        user, "presence.review_check", PresenceCheck.objects.filter(status="flagged")
    ).count()
    if not waiting:
        return []
    text = ngettext(
        "%(n)s visit signed without the door code waits for the station.",
        "%(n)s visits signed without the door code wait for the station.",
        waiting,
    ) % {"n": waiting}
    return [Attention(text, "presence:desk", urgent=False)]
