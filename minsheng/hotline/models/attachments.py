"""Photos on cases: the resident's, and the unit's before and after photos as proof of the result.

Files are kept through Django's storage API under names nobody can guess; they are never served
by URL, only by ``hotline.attachments.download`` after the access policy (or the resident's
proof of the case) allows it. Rows are append-only, like the case's events.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minsheng.hotline.models.cases import Case, CaseEvent
from minsheng.people.models import User


class CaseAttachment(models.Model):
    class Role(models.TextChoices):
        RESIDENT = "resident", _("From the resident")
        BEFORE = "before", _("Before the work (unit)")
        AFTER = "after", _("After the work (unit)")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="attachments"
    )
    event = models.ForeignKey(
        CaseEvent,
        verbose_name=_("step"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
        db_index=False,
    )
    role = models.CharField(_("photo of"), max_length=12, choices=Role)
    # Storage names, not URLs: files are read through the storage API after an access check.
    file = models.CharField(max_length=200)
    thumbnail = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    original_name = models.CharField(_("file name"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("case photo")
        verbose_name_plural = _("case photos")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["resident", "before", "after"]),
                name="caseattachment_role_valid",
            ),
            models.CheckConstraint(
                condition=Q(content_type__in=["image/jpeg", "image/png"]),
                name="caseattachment_cleaned_type",
            ),
            models.UniqueConstraint(fields=["file"], name="caseattachment_file_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.role} {self.pk}"

    @property
    def audit_region_path(self) -> str:
        return self.case.region_path
