from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "minsheng.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from minsheng.audit import actions as audit
        from minsheng.core.modules import DemoLoader, add_demo_loader
        from minsheng.notifications import (  # noqa: F401  (registering rules, kinds, jobs)
            access,
            demo,
            following,
            jobs,
            kinds,
            tiles,
        )

        if following.listen not in audit.LISTENERS:
            audit.LISTENERS.append(following.listen)
        # Each module's notifications.py registers its kinds and the actions it follows.
        autodiscover_modules("notifications")
        add_demo_loader(DemoLoader("notifications", demo.load, order=900))
