"""Beijing's administrative tree: city, districts, sub-districts and townships, communities."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minsheng.core.i18n import BilingualNameMixin

PATH_SEPARATOR = "."


class RegionQuerySet(models.QuerySet["Region"]):
    def within(self, region: Region) -> RegionQuerySet:
        """The region and everything below it (one indexed prefix scan)."""
        return self.filter(path__startswith=region.path)

    def at_level(self, level: int) -> RegionQuerySet:
        return self.filter(level=level)

    def districts(self) -> RegionQuerySet:
        return self.at_level(Region.Level.DISTRICT)

    def subdistricts(self) -> RegionQuerySet:
        return self.at_level(Region.Level.SUBDISTRICT)

    def places(self) -> RegionQuerySet:
        """Districts and sub-districts: where a case, a rule or an article is placed, in the
        tree's order."""
        return self.filter(level__in=(Region.Level.DISTRICT, Region.Level.SUBDISTRICT)).order_by(
            "path"
        )


class Region(BilingualNameMixin, models.Model):
    """A node of the administrative tree.

    ``path`` is the chain of codes from the city down, each followed by a dot
    (``110000.110105.110105001.``), so a subtree is one ``LIKE 'prefix%'`` on an index.
    """

    class Level(models.IntegerChoices):
        CITY = 1, _("City")
        DISTRICT = 2, _("District")
        SUBDISTRICT = 3, _("Sub-district or township")
        COMMUNITY = 4, _("Community or village")

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("Chinese name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=64, unique=True, editable=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["path"]
        indexes = [
            models.Index(
                fields=["path"], name="region_path_prefix", opclasses=["text_pattern_ops"]
            ),
            models.Index(fields=["level", "name"], name="region_level_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="region_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                name="region_only_city_has_no_parent",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}([0-9]{3}([0-9]{3})?)?$"),
                name="region_code_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def ancestor_codes(self) -> list[str]:
        return [code for code in self.path.split(PATH_SEPARATOR) if code]

    def contains(self, other: Region) -> bool:
        return other.path.startswith(self.path)

    def ancestor_at(self, level: int) -> Region | None:
        """This region's ancestor (or itself) at ``level``, e.g. the district of a community."""
        if self.level < level:
            return None
        if self.level == level:
            return self
        return Region.objects.get(code=self.ancestor_codes[level - 1])

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id and self.parent else ""
        return f"{prefix}{self.code}{PATH_SEPARATOR}"
