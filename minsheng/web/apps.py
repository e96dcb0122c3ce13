from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "minsheng.web"
    verbose_name = _("Web shell")

    def ready(self) -> None:
        from minsheng.web import access, lockout, tiles  # noqa: F401
