"""Runs of the selection and the office's decisions on their candidates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from minsheng.monthly.models.runs import CITY_PATH, BackgroundRun

if TYPE_CHECKING:
    from minsheng.monthly.selection.candidates import Candidate


class SelectionRun(BackgroundRun):
    """One run of the selection (a year) or of the hot-issue search (a date range)."""

    class Mode(models.TextChoices):
        YEAR = "year", _("Candidates of a year")
        HOT = "hot", _("Hot issues of a period")

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Uploaded file")
        SERVER = "server", _("File on the server")
        DATABASE = "database", _("Cases in the database")

    mode = models.CharField(_("what"), max_length=8, choices=Mode, default=Mode.YEAR)
    source = models.CharField(_("cases from"), max_length=10, choices=Source)
    source_name = models.CharField(_("file"), max_length=200, blank=True)
    # Where the job reads the file; never shown (it may be a path on the server).
    source_path = models.CharField(max_length=500, blank=True, editable=False)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    top = models.PositiveSmallIntegerField(_("how many"), default=30)
    seed = models.PositiveIntegerField(_("seed"), default=1)
    candidates = models.JSONField(_("candidates"), null=True, blank=True)
    summary = models.JSONField(_("summary"), null=True, blank=True)

    class Meta(BackgroundRun.Meta):
        verbose_name = _("selection run")
        verbose_name_plural = _("selection runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(top__gte=1, top__lte=100), name="monthly_run_top_in_range"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="monthly_run_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(mode__in=["year", "hot"]), name="monthly_run_mode_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=["upload", "server", "database"]),
                name="monthly_run_source_valid",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(candidates__isnull=False),
                name="monthly_run_finished_has_candidates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} {self.period_start} – {self.period_end}"

    def candidate(self, key: str) -> Candidate | None:
        return next((c for c in self.candidates or [] if c["key"] == key), None)


class CandidateDecision(models.Model):
    """The office's current decision on one candidate of a run (history: the audit log)."""

    class Decision(models.TextChoices):
        SHORTLISTED = "shortlisted", _("Shortlisted")
        REJECTED = "rejected", _("Rejected")

    run = models.ForeignKey(
        SelectionRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="decisions"
    )
    key = models.CharField(_("candidate"), max_length=32)
    rank = models.PositiveSmallIntegerField(_("rank"))
    label = models.CharField(_("label"), max_length=200)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), auto_now=True)

    class Meta:
        verbose_name = _("decision on a candidate")
        verbose_name_plural = _("decisions on candidates")
        ordering = ["run", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "key"], name="monthly_decision_once_per_candidate"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["shortlisted", "rejected"]),
                name="monthly_decision_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.get_decision_display()}"

    @property
    def audit_region_path(self) -> str:
        return CITY_PATH
