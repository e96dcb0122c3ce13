from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonthlyConfig(AppConfig):
    name = "minsheng.monthly"
    verbose_name = _("One issue per month")

    def ready(self) -> None:
        from minsheng.monthly import (  # noqa: F401  (register rules, tiles and job handlers)
            access,
            jobs,
            tiles,
        )
