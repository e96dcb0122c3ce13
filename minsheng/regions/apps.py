from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "minsheng.regions"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from minsheng.core.modules import DemoLoader, add_demo_loader
        from minsheng.regions import (
            access,  # noqa: F401  (registers the access rules)
            demo,
        )

        add_demo_loader(DemoLoader("regions", demo.load, order=0))
