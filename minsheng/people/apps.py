from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "minsheng.people"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from minsheng.core.modules import DemoLoader, add_demo_loader
        from minsheng.people import (
            access,  # noqa: F401  (registers the access rules)
            demo,
        )

        add_demo_loader(DemoLoader("people", demo.load, order=10))
