"""Forecast runs from the database and the proactive items they raise (未诉先办)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from minsheng.monthly.models.runs import CITY_PATH, BackgroundRun

MAX_FORECAST_WEEKS = 52


class ForecastRun(BackgroundRun):
    """One forecast of the cases in the database, computed by a background job."""

    class By(models.TextChoices):
        DISTRICT = "district", _("District")
        CATEGORY = "category", _("Category")
        BOTH = "category,district", _("Category and district")

    by = models.CharField(_("groups"), max_length=20, choices=By, default=By.BOTH)
    weeks = models.PositiveSmallIntegerField(_("weeks ahead"), default=8)
    until = models.DateField(_("history up to"))
    # The contract's rows ({"week_start", "district", "category", "expected", "low", "high"}).
    rows = models.JSONField(_("forecast"), null=True, blank=True)
    backtest = models.JSONField(_("backtest"), null=True, blank=True)
    summary = models.JSONField(_("summary"), null=True, blank=True)
    # Empty for the weekly forecast the job worker starts by itself (the base requires one).
    created_by = models.ForeignKey(  # type: ignore[assignment]  # nullable here only
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta(BackgroundRun.Meta):
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        constraints = [
            models.CheckConstraint(
                condition=Q(weeks__gte=1, weeks__lte=MAX_FORECAST_WEEKS),
                name="monthly_forecast_weeks_in_range",
            ),
            models.CheckConstraint(
                condition=Q(by__in=["district", "category", "category,district"]),
                name="monthly_forecast_by_valid",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(rows__isnull=False),
                name="monthly_forecast_finished_has_rows",
            ),
            # One weekly forecast per week, however often the schedule looks.
            models.UniqueConstraint(
                fields=["until"],
                condition=Q(created_by__isnull=True),
                name="monthly_forecast_weekly_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_by_display()} {self.until:%Y-%m-%d} +{self.weeks}"


class ProactiveItem(models.Model):
    """A group expected to rise well above its usual volume, for the office to act on before
    the calls come: handed to a unit as a task with a deadline, or set aside with a reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a decision")
        ASSIGNED = "assigned", _("Handed to a unit")
        DISMISSED = "dismissed", _("Set aside")

    run = models.ForeignKey(
        ForecastRun, verbose_name=_("forecast"), on_delete=models.CASCADE, related_name="items"
    )
    district = models.CharField(_("district"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    first_week = models.DateField(_("from the week of"))
    weeks = models.PositiveSmallIntegerField(_("weeks"))
    expected = models.FloatField(_("cases expected"))
    usual = models.FloatField(_("cases usually"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    unit = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proactive_items",
    )
    task = models.TextField(_("task"), blank=True, max_length=2000)
    due = models.DateField(_("deadline"), null=True, blank=True)
    note = models.TextField(_("reason"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("proactive item")
        verbose_name_plural = _("proactive items")
        ordering = ["run", "-expected", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "district", "category"], name="monthly_proactive_once_per_group"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "assigned", "dismissed"]),
                name="monthly_proactive_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(expected__gt=F("usual"), usual__gte=0),
                name="monthly_proactive_expected_above_usual",
            ),
            # A task for a unit names the unit, the task and its deadline; any decision its
            # author and time; an open item neither.
            models.CheckConstraint(
                condition=Q(status="open", decided_by__isnull=True, unit__isnull=True)
                | Q(
                    status="assigned",
                    unit__isnull=False,
                    due__isnull=False,
                    decided_by__isnull=False,
                    decided_at__isnull=False,
                )
                & ~Q(task="")
                | Q(status="dismissed", decided_by__isnull=False, decided_at__isnull=False)
                & ~Q(note=""),
                name="monthly_proactive_decision_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category or self.district} {self.first_week:%Y-%m-%d}"

    @property
    def audit_region_path(self) -> str:
        return CITY_PATH

    @property
    def last_week(self) -> dt.date:
        return self.first_week + dt.timedelta(weeks=self.weeks, days=-1)

    @property
    def rise(self) -> float:
        return self.expected / self.usual - 1 if self.usual else 0.0
