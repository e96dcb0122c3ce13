from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarelinkConfig(AppConfig):
    name = "minsheng.carelink"
    verbose_name = _("Care needs from the hotline")

    def ready(self) -> None:
        from minsheng.carelink import access, panels  # noqa: F401  (register rules and panels)
