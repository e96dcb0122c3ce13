"""Pre-aggregated report tables, filled by ``minsheng refresh-timebank-reports``.

Report pages read only these tables (a few hundred rows), never every order or leg; the
command rebuilds them from the ledger and the orders and can be run again at any time.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minsheng.regions.models import Region
from minsheng.timebank.models.catalogue import ServiceCategory


class MonthlyServiceStat(models.Model):
    """Per month, sub-district (of the station) and category: requests and hours served."""

    month = models.DateField(_("month"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(ServiceCategory, on_delete=models.CASCADE, related_name="+")
    posted = models.PositiveIntegerField(_("requests posted"), default=0)
    settled = models.PositiveIntegerField(_("services paid"), default=0)
    minutes = models.BigIntegerField(_("minutes served"), default=0)
    unmet = models.PositiveIntegerField(_("unmet requests"), default=0)

    class Meta:
        verbose_name = _("monthly service statistic")
        verbose_name_plural = _("monthly service statistics")
        constraints = [
            models.UniqueConstraint(fields=["month", "region", "category"], name="service_stat_key")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region_id} {self.category_id}"


class MonthlyVolunteerStat(models.Model):
    """Per month and sub-district: volunteers registered (to date), newly registered, active."""

    month = models.DateField(_("month"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    registered = models.PositiveIntegerField(_("registered volunteers"), default=0)
    new = models.PositiveIntegerField(_("newly registered"), default=0)
    active = models.PositiveIntegerField(_("active volunteers"), default=0)

    class Meta:
        verbose_name = _("monthly volunteer statistic")
        verbose_name_plural = _("monthly volunteer statistics")
        constraints = [
            models.UniqueConstraint(fields=["month", "region"], name="volunteer_stat_key")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region_id}"


class MonthlyLedgerStat(models.Model):
    """Per month, district and kind: minutes moved by the ledger (no district: citywide).

    ``kind`` is a transaction kind; the special kind ``balance_change`` is the net change of
    residents' personal and hold balances, whose running sum is the outstanding liability.
    """

    BALANCE_CHANGE = "balance_change"

    month = models.DateField(_("month"))
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(pgettext_lazy("timebank", "kind"), max_length=20)
    minutes = models.BigIntegerField(_("minutes"), default=0)
    count = models.PositiveIntegerField(_("transactions"), default=0)

    class Meta:
        verbose_name = _("monthly ledger statistic")
        verbose_name_plural = _("monthly ledger statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "region", "kind"], nulls_distinct=False, name="ledger_stat_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region_id} {self.kind}"


class StarLevelStat(models.Model):
    """Per district and star level (0 to 5): how many volunteers; and care-home holders."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("star level"))
    volunteers = models.PositiveIntegerField(_("volunteers"), default=0)
    care_home = models.PositiveIntegerField(_("care-home milestone holders"), default=0)

    class Meta:
        verbose_name = _("star level statistic")
        verbose_name_plural = _("star level statistics")
        constraints = [models.UniqueConstraint(fields=["region", "level"], name="star_stat_key")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.level}"


class ReportRefresh(models.Model):
    """When the tables were last rebuilt (shown on every report page)."""

    finished_at = models.DateTimeField(_("refreshed at"), default=timezone.now)
    seconds = models.FloatField(_("duration in seconds"), default=0)

    class Meta:
        verbose_name = _("report refresh")
        verbose_name_plural = _("report refreshes")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M}"
