"""Photos a volunteer (or the station) adds when signing in or out of a visit.

Optional evidence of the visit, append-only like the order's events; seen by the station and
the order's parties (``timebank.view_order``), never by URL.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minsheng.core.stored import StoredUpload
from minsheng.timebank.models.orders import ServiceOrder


class OrderPhoto(StoredUpload):
    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("At sign-in")
        SIGN_OUT = "sign_out", _("At sign-out")

    order = models.ForeignKey(
        ServiceOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="photos"
    )
    kind = models.CharField(_("taken"), max_length=8, choices=Kind)

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["sign_in", "sign_out"]), name="orderphoto_kind_valid"
            ),
            # Only what core.uploads wrote after re-encoding the pixels.
            models.CheckConstraint(
                condition=Q(content_type__in=["image/jpeg", "image/png"]),
                name="orderphoto_cleaned_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order.reference} {self.kind} {self.pk}"

    @property
    def audit_region_path(self) -> str:
        return self.order.audit_region_path
