"""Monthly aggregates, filled by ``minsheng update-hotline-stats``: the pages read only these."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from minsheng.hotline.models.cases import Category
from minsheng.people.models import Organisation
from minsheng.regions.models import Region


class RateCounts(models.Model):
    """The counts behind the three rates, and the rates themselves (percent, null if no data)."""

    month = models.DateField(_("month"))
    cases = models.PositiveIntegerField(_("cases"), default=0)
    excluded = models.PositiveIntegerField(_("excluded"), default=0)
    response_due = models.PositiveIntegerField(_("due for response"), default=0)
    responded_on_time = models.PositiveIntegerField(_("responded on time"), default=0)
    surveyed = models.PositiveIntegerField(_("answered the call-back"), default=0)
    resolved_yes = models.PositiveIntegerField(_("resolved, said the caller"), default=0)
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    basically_satisfied = models.PositiveIntegerField(_("basically satisfied"), default=0)
    dissatisfied = models.PositiveIntegerField(_("dissatisfied"), default=0)
    overdue = models.PositiveIntegerField(_("handled late or overdue"), default=0)
    response_rate = models.FloatField(_("response rate"), null=True)
    resolution_rate = models.FloatField(_("resolution rate"), null=True)
    satisfaction_rate = models.FloatField(_("satisfaction rate"), null=True)
    composite = models.FloatField(_("composite score"), null=True)
    rank_city = models.PositiveIntegerField(_("city rank"), null=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        abstract = True


class UnitMonth(RateCounts):
    """A handling unit's month, counting the cases it led."""

    unit = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    unit_kind = models.CharField(max_length=24)
    district = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    rank_district = models.PositiveIntegerField(_("rank in the district"), null=True)

    class Meta:
        verbose_name = _("unit month")
        constraints = [
            models.UniqueConstraint(fields=["month", "unit"], name="unitmonth_unique"),
        ]
        indexes = [models.Index(fields=["month", "unit_kind"], name="unitmonth_kind")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"


class DistrictMonth(RateCounts):
    """All cases located in a district in a month, whoever handled them."""

    district = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("district month")
        constraints = [
            models.UniqueConstraint(fields=["month", "district"], name="districtmonth_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.month:%Y-%m}"


class VolumeMonth(models.Model):
    """Case counts by month × district × sub-district × category × kind, for dashboards."""

    month = models.DateField()
    district = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subdistrict = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    top_category = models.CharField(max_length=2, blank=True)
    kind = models.CharField(max_length=16)
    cases = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    surveyed = models.PositiveIntegerField(default=0)
    resolved_yes = models.PositiveIntegerField(default=0)
    satisfaction_points = models.FloatField(default=0)
    response_due = models.PositiveIntegerField(default=0)
    responded_on_time = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["month", "top_category"], name="volumemonth_top"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.category_id} {self.cases}"


class DistrictVolumeMonth(models.Model):
    """Case counts by month × district × top category × kind: the overview's figures.

    A roll-up of ``VolumeMonth``, whose sub-district × leaf-category grain reaches tens of
    thousands of rows a month on a city's volume; this one stays at a few thousand whatever the
    volume. Filled with it, by ``update-hotline-stats``.
    """

    month = models.DateField()
    district = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    top_category = models.CharField(max_length=2, blank=True)
    kind = models.CharField(max_length=16)
    cases = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["month"], name="districtvolumemonth_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.district_id} {self.top_category} {self.cases}"


class CommunityMonth(models.Model):
    """Case counts of the focus areas by month × sub-district × community (as named)."""

    month = models.DateField()
    top_category = models.CharField(max_length=2)
    subdistrict = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    community_name = models.CharField(max_length=100, blank=True)
    cases = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["top_category", "month"], name="communitymonth_top")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.community_name} {self.cases}"


class StaleMonth(models.Model):
    """A month whose cases changed since its aggregates were last computed.

    Written by triggers on ``hotline_case`` (every insert, update or delete marks the months of
    the rows it touched), removed by the refresh when it recomputes the month: the incremental
    ``update-hotline-stats`` recomputes only these months and those a deadline has passed in.
    """

    month = models.DateField(_("month"), primary_key=True)
    marked_at = models.DateTimeField(_("marked at"), db_default=Now())

    class Meta:
        verbose_name = _("month to recompute")
        verbose_name_plural = _("months to recompute")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class ComputedMonth(models.Model):
    """When a month's aggregates were last computed, and with which "now": a deadline that
    passed since then changes the month's rates without any case changing."""

    month = models.DateField(_("month"), primary_key=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("computed month")
        verbose_name_plural = _("computed months")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.computed_at:%Y-%m-%d %H:%M}"
