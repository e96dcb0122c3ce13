"""What residents' own reports need beyond the case: the key of an anonymous report."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minsheng.hotline.models.cases import Case


class TrackingKey(models.Model):
    """The key that follows a report made without a phone (no code can be texted for it).

    Shown once to the resident; only its keyed hash is kept.
    """

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="tracking_key",
    )
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tracking key")
        verbose_name_plural = _("tracking keys")

    def __str__(self) -> str:
        return str(self.case_id)
