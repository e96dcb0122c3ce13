"""Links to the notification pages on staff home pages."""

from django.utils.translation import gettext_lazy as _

from minsheng.core.modules import Tile, add_tiles

STAFF = frozenset({"city_admin", "district_admin", "station_operator", "dispatcher"})

add_tiles(
    Tile(
        _("SMS outbox"),
        _("Text messages the platform produced, as residents and callers receive them."),
        "notifications:outbox",
        STAFF,
        order=90,
    ),
    Tile(
        _("Delivery log"),
        _("Every notification sent by e-mail, SMS, push or WeChat, its attempts and errors."),
        "notifications:deliveries",
        STAFF,
        order=91,
    ),
)
