from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "minsheng.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from minsheng.core import checks  # noqa: F401  (registers the system checks)
        from minsheng.core.database import checks as database_checks  # noqa: F401
