from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonthlyConfig(AppConfig):
    name = "minsheng.monthly"
    verbose_name = _("One issue per month")

    def ready(self) -> None:
        from minsheng.core.modules import DemoLoader, add_demo_loader
        from minsheng.monthly import (  # noqa: F401  (register rules, tiles and job handlers)
            access,
            demo,
            jobs,
            tiles,
        )
        from minsheng.monthly.forecast import jobs as forecast_jobs  # noqa: F401
        from minsheng.monthly.forecast import notifications as forecast_news  # noqa: F401
        from minsheng.monthly.programme import (  # noqa: F401  (periodic work, home-page notes)
            attention,
            periodic,
            public,
        )

        add_demo_loader(DemoLoader("monthly", demo.load, order=60))
