"""The service catalogue: eight citywide categories, items from the city and from districts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minsheng.core.i18n import BilingualNameMixin
from minsheng.regions.models import Region


class ServiceCategory(BilingualNameMixin, models.Model):
    """One of Beijing's eight categories (情感慰藉, 协助服务 ...): fixed by the city."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("Chinese name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.display_name


class ServiceItemQuerySet(models.QuerySet["ServiceItem"]):
    def available_in(self, region: Region | None) -> ServiceItemQuerySet:
        """Citywide items plus those of the district containing ``region``."""
        citywide = Q(region__level=Region.Level.CITY)
        if region is None:
            return self.filter(citywide, is_active=True)
        codes = region.ancestor_codes
        district_code = codes[1] if len(codes) > 1 else None
        return self.filter(citywide | Q(region__code=district_code), is_active=True)


class ServiceItem(BilingualNameMixin, models.Model):
    """A concrete service in a category; the city's items hold everywhere, a district's in it."""

    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="items"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("offered in"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The city for the base catalogue, or a district for its own items."),
    )
    code = models.SlugField(_("code"), max_length=48)
    name = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    typical_minutes = models.PositiveIntegerField(_("typical duration in minutes"), default=60)
    is_active = models.BooleanField(_("offered"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ServiceItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["category__position", "region__path", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="service_item_code_unique"),
            models.CheckConstraint(
                condition=Q(typical_minutes__gt=0), name="service_item_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def audit_region_path(self) -> str:
        return self.region.path
