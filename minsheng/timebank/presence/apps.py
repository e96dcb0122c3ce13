from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PresenceConfig(AppConfig):
    name = "minsheng.timebank.presence"
    label = "presence"
    verbose_name = _("Verified presence")

    def ready(self) -> None:
        from minsheng.timebank.presence import (  # noqa: F401  (registering rules and tiles)
            access,
            tiles,
        )
