"""What the hotline's administrators set: dispatch rules and Open311 partner keys."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minsheng.hotline.models.cases import Category
from minsheng.people.models import Organisation, User
from minsheng.regions.models import Region


class DispatchRule(models.Model):
    """Category × region → unit. The most specific matching rule wins (see ``dispatching``)."""

    class Target(models.TextChoices):
        UNIT = "unit", _("A named unit")
        SUBDISTRICT = "subdistrict", _("The sub-district or township office where it happened")
        DISTRICT = "district", _("The district government where it happened")

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty: any category. A category covers its sub-categories."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: anywhere in Beijing."),
    )
    target = models.CharField(_("send to"), max_length=12, choices=Target, default=Target.UNIT)
    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispatch_rules",
    )
    cooperating_units = models.ManyToManyField(
        Organisation, verbose_name=_("cooperating units"), blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("dispatch rule")
        verbose_name_plural = _("dispatch rules")
        ordering = ["category__code", "region__path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target="unit", unit__isnull=False) | Q(~Q(target="unit"), unit=None),
                name="dispatchrule_unit_iff_named",
            ),
            models.UniqueConstraint(
                fields=["category", "region"],
                condition=Q(is_active=True),
                nulls_distinct=False,
                name="dispatchrule_one_active_per_cell",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'} × {self.region or '*'} → {self.unit or self.target}"

    @property
    def audit_region_path(self) -> str:
        return self.region.path if self.region_id and self.region else ""


class PartnerKey(models.Model):
    """An Open311 api_key issued to a partner system; only its hash is stored."""

    name = models.CharField(_("partner"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Open311 partner key")
        verbose_name_plural = _("Open311 partner keys")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"
