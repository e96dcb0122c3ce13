"""The annual programme: a year's plan of monthly themes, each with two or three problems.

A problem has a responsible municipal leader, a lead department and cooperating units, an action
plan of tasks, the policies issued for it, supervision items and a saved definition of the cases
that belong to it (categories, places, key phrases, or the cluster of a selection candidate).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minsheng.core.stored import StoredUpload
from minsheng.monthly.models.runs import CITY_PATH

MAX_PROBLEMS_PER_THEME = 3
MIN_PROBLEMS_PER_THEME = 2


class Plan(models.Model):
    """The programme of one year: twelve monthly themes."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, max_length=4000)
    source_run = models.ForeignKey(
        "monthly.SelectionRun",
        verbose_name=_("built from the selection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("annual programme")
        verbose_name_plural = _("annual programmes")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="monthly_plan_year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    @property
    def audit_region_path(self) -> str:
        return CITY_PATH


class Theme(models.Model):
    """The theme of one month of a plan."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="themes"
    )
    month = models.PositiveSmallIntegerField(_("month"))
    title = models.CharField(_("theme"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("monthly theme")
        verbose_name_plural = _("monthly themes")
        ordering = ["plan", "month"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="monthly_theme_once_a_month"),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="monthly_theme_month_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year}-{self.month:02d} {self.title}"

    @property
    def audit_region_path(self) -> str:
        return CITY_PATH

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.plan.year, self.month, 1)


class Problem(models.Model):
    """A concrete problem of a theme, with who is responsible and which cases belong to it."""

    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="problems"
    )
    # 1 to 3: the database allows no fourth problem in a theme.
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible leader"),
        on_delete=models.PROTECT,
        related_name="led_problems",
    )
    lead_department = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        related_name="led_problems",
    )
    cooperating_units = models.ManyToManyField(
        "people.Organisation",
        verbose_name=_("cooperating units"),
        blank=True,
        related_name="cooperating_problems",
    )
    # The saved definition of its cases: all given parts must hold (a case matches when its
    # category is one of the categories or below them, it lies in one of the places and its
    # text contains one of the key phrases), or it was in the candidate's cluster.
    categories = models.ManyToManyField(
        "hotline.Category", verbose_name=_("categories"), blank=True, related_name="+"
    )
    places = models.ManyToManyField(
        "regions.Region", verbose_name=_("places"), blank=True, related_name="+"
    )
    key_phrases = models.JSONField(_("key phrases"), default=list, blank=True)
    source_run = models.ForeignKey(
        "monthly.SelectionRun",
        verbose_name=_("from the selection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    source_key = models.CharField(_("candidate"), max_length=32, blank=True)
    # The highest case id already matched against the definition: matching resumes after it.
    matched_up_to = models.BigIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["theme", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "position"], name="monthly_problem_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_PROBLEMS_PER_THEME),
                name="monthly_problem_at_most_three",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="monthly_problem_has_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_region_path(self) -> str:
        return CITY_PATH


class ProblemCase(models.Model):
    """A case that belongs to a problem, and why."""

    class Reason(models.TextChoices):
        DEFINITION = "definition", _("Matches the definition")
        CLUSTER = "cluster", _("In the selection candidate")

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="case_links"
    )
    case = models.ForeignKey(
        "hotline.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="problem_links",
    )
    reason = models.CharField(_("why"), max_length=12, choices=Reason)
    matched_at = models.DateTimeField(_("matched"), auto_now_add=True)

    class Meta:
        verbose_name = _("case of a problem")
        verbose_name_plural = _("cases of problems")
        constraints = [
            models.UniqueConstraint(fields=["problem", "case"], name="monthly_problem_case_once"),
            models.CheckConstraint(
                condition=Q(reason__in=["definition", "cluster"]),
                name="monthly_problem_case_reason_valid",
            ),
        ]
        indexes = [models.Index(fields=["case"], name="monthly_problemcase_case")]

    def __str__(self) -> str:
        return f"{self.problem_id} ← {self.case_id}"


class Meeting(models.Model):
    """A monthly dispatch meeting (调度会): who came, what was decided; tasks may follow."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="meetings"
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    held_on = models.DateField(_("date"))
    chaired_by = models.CharField(_("chaired by"), max_length=100, blank=True)
    attendees = models.TextField(_("attendees"), max_length=4000)
    decisions = models.TextField(_("decisions"), max_length=8000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("dispatch meeting")
        verbose_name_plural = _("dispatch meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.theme or ''}".strip()

    @property
    def audit_region_path(self) -> str:
        return CITY_PATH


class ProblemPart(models.Model):
    """Something that belongs to one problem (its people see and update it)."""

    problem: models.ForeignKey[Problem, Problem]

    class Meta:
        abstract = True

    @property
    def audit_region_path(self) -> str:
        return CITY_PATH


class Task(ProblemPart):
    """One step of a problem's action plan, with an owner and a deadline."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200)
    due = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("set by the meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["problem", "due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["planned", "in_progress", "done", "cancelled"]),
                name="monthly_task_status_valid",
            ),
            # A task is done on a date exactly when it is done.
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="monthly_task_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def overdue_on(self, today: dt.date) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS) and self.due < today


class Policy(ProblemPart):
    """A policy document issued to address a problem."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="policies"
    )
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("document number"), max_length=100, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["problem", "issued_on", "id"]

    def __str__(self) -> str:
        return self.title


class ProgressNote(ProblemPart):
    """A progress report by the office, the leader or the lead department."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("progress"), max_length=4000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["problem", "-written_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class SupervisionItem(ProblemPart):
    """Focused supervision (督办): a demand with a deadline, escalated when it is missed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    class Escalation(models.IntegerChoices):
        NONE = 0, _("Not escalated")
        DEPARTMENT = 1, _("Overdue: the lead department is reminded")
        LEADER = 2, _("Escalated to the responsible leader")

    problem = models.ForeignKey(
        Problem,
        verbose_name=_("problem"),
        on_delete=models.CASCADE,
        related_name="supervision_items",
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervision_items",
    )
    title = models.CharField(_("supervision item"), max_length=300)
    demand = models.TextField(_("what is demanded"), blank=True, max_length=4000)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.OPEN)
    escalation = models.PositiveSmallIntegerField(
        _("escalation"), choices=Escalation, default=Escalation.NONE
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)

    class Meta:
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        ordering = ["status", "deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "done"]), name="monthly_supervision_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(escalation__gte=0, escalation__lte=2),
                name="monthly_supervision_escalation_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="done", closed_on__isnull=False)
                | Q(status="open", closed_on__isnull=True),
                name="monthly_supervision_done_has_date",
            ),
            models.CheckConstraint(
                condition=Q(escalation=0) | Q(escalated_on__isnull=False),
                name="monthly_supervision_escalation_dated",
            ),
        ]
        indexes = [
            models.Index(
                fields=["deadline"], condition=Q(status="open"), name="monthly_supervision_open"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProblemDocument(ProblemPart, StoredUpload):
    """A policy text or a picture the office or the lead department keeps with a problem.

    PDFs are kept as sent once their bytes have a PDF's shape; pictures are re-encoded without
    their metadata (``core.uploads``). Append-only: a newer version is a new document.
    """

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("problem document")
        verbose_name_plural = _("problem documents")
        ordering = ["problem", "-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=["application/pdf", "image/jpeg", "image/png"]),
                name="monthly_document_checked_type",
            ),
        ]

    def __str__(self) -> str:
        return self.title
