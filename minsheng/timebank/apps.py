from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimebankConfig(AppConfig):
    name = "minsheng.timebank"
    verbose_name = _("Time Bank")

    def ready(self) -> None:
        from minsheng.core.modules import DemoLoader, add_demo_loader
        from minsheng.timebank import (  # noqa: F401  (registering rules, tiles and jobs)
            access,
            attention,
            demo,
            jobs,
            panels,
            tiles,
        )
        from minsheng.timebank.ledger import chain  # noqa: F401  (the ledger's hash chain)

        add_demo_loader(DemoLoader("timebank", demo.load, order=30))
