from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "minsheng.hotline"
    verbose_name = _("12345 hotline")

    def ready(self) -> None:
        from minsheng.core.modules import DemoLoader, add_demo_loader
        from minsheng.hotline import (
            access,  # noqa: F401  (registers the access rules)
            attention,  # noqa: F401  (says on home pages what waits)
            checks,  # noqa: F401  (registers the settings checks)
            demo,
            jobs,  # noqa: F401  (registers the periodic refresh of the monthly figures)
            tiles,  # noqa: F401  (adds the home-page links)
            transfers,  # noqa: F401  (registers the import and export jobs)
        )

        add_demo_loader(DemoLoader("hotline", demo.load, order=50))
