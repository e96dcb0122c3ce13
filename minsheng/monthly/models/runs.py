"""What every analysis run of the module has: its background job, who started it, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CITY_PATH = "110000."


class BackgroundRun(models.Model):
    """An analysis computed by a background job (``minsheng.jobs``) and stored with its result.

    The runs are city-wide: whoever may see one kind of run sees all of them.
    """

    job = models.OneToOneField(
        "jobs.Job",
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)s",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def audit_region_path(self) -> str:
        return CITY_PATH

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def state(self) -> str:
        """``finished``, else the job's status (``queued`` before it has one)."""
        if self.finished:
            return "finished"
        return self.job.status if self.job else "queued"
