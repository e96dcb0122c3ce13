"""The columns every stored upload has (photos on orders, documents on problems).

Files are kept through Django's storage API under names nobody can guess (``core.uploads``);
rows keep storage names, never URLs, and are read only by a view that checks access first.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredUpload(models.Model):
    file = models.CharField(max_length=200, unique=True)
    thumbnail = models.CharField(max_length=200, blank=True)  # empty for a PDF
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("size in bytes"))
    original_name = models.CharField(_("file name"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        abstract = True

    @property
    def is_picture(self) -> bool:
        return self.content_type.startswith("image/")
