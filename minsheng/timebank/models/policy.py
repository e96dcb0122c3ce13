"""Policy settings changed by the city administrator (the defaults live in ``policies.py``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PolicyValue(models.Model):
    """The current value of one setting, when it differs from the default.

    Every change is in the audit log (before and after), so the history of a policy is there.
    """

    key = models.SlugField(_("setting"), max_length=64, unique=True)
    value = models.JSONField(_("value"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("policy setting")
        verbose_name_plural = _("policy settings")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"

    @property
    def audit_region_path(self) -> str:
        return ""  # citywide: only the city administrator sees it in the audit log
