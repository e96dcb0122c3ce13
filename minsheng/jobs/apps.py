from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "minsheng.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from minsheng.jobs import access  # noqa: F401
