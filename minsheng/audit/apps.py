from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "minsheng.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from minsheng.audit import access  # noqa: F401  (registers the access rules)
        from minsheng.audit.chain import checkpoints  # noqa: F401  (the periodic checkpoint)

        # Each module names its audit actions in its own audit_labels.py.
        autodiscover_modules("audit_labels")
