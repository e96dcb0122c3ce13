"""The year-end review: per theme and for the whole year, what was done and what changed.

For each problem: tasks done (and overdue), policies issued, supervision items closed and
escalated, and its cases before and after its month (``outcomes``). A theme's and the year's
figures add up their problems' monthly volumes, and their rates are over all their problems'
cases (not means of rates).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from minsheng.cases.casefile import BEIJING
from minsheng.hotline.stats import COUNT_FIELDS
from minsheng.monthly.models import Plan, Policy, Problem, SupervisionItem, Task, Theme
from minsheng.monthly.programme import did
from minsheng.monthly.programme.did import NO_ESTIMATE, Estimate
from minsheng.monthly.programme.outcomes import RATES, Outcome, Window, difference, outcomes


@dataclass
class ProblemReview:
    problem: Problem
    tasks: list[Task]
    policies: list[Policy]
    supervision: list[SupervisionItem]
    outcome: Outcome
    today: dt.date
    estimate: Estimate | None = None  # the calls against comparable places (``did``)

    @property
    def tasks_done(self) -> int:
        return sum(task.status == Task.Status.DONE for task in self.tasks)

    @property
    def tasks_overdue(self) -> int:
        return sum(task.overdue_on(self.today) for task in self.tasks)

    @property
    def supervision_closed(self) -> int:
        return sum(item.status == SupervisionItem.Status.DONE for item in self.supervision)


@dataclass
class Totals:
    """Counts added up over several problems, with before/after windows of all their cases."""

    reviews: list[ProblemReview] = field(default_factory=list)

    @property
    def tasks(self) -> int:
        return sum(len(r.tasks) for r in self.reviews)

    @property
    def tasks_done(self) -> int:
        return sum(r.tasks_done for r in self.reviews)

    @property
    def tasks_overdue(self) -> int:
        return sum(r.tasks_overdue for r in self.reviews)

    @property
    def policies(self) -> int:
        return sum(len(r.policies) for r in self.reviews)

    @property
    def supervision(self) -> int:
        return sum(len(r.supervision) for r in self.reviews)

    @property
    def supervision_closed(self) -> int:
        return sum(r.supervision_closed for r in self.reviews)

    def cases_per_month(self, side: str) -> float | None:
        """The problems' monthly volumes added up, ``before`` or ``after`` their months."""
        volumes = [getattr(r.outcome, side).cases_per_month for r in self.reviews]
        known = [v for v in volumes if v is not None]
        return round(sum(known), 1) if known else None

    def rates(self, side: str) -> dict[str, float | None]:
        """Rates over all the problems' cases ``before`` or ``after`` their months."""
        windows = [
            getattr(r.outcome, side) for r in self.reviews if getattr(r.outcome, side).months
        ]
        if not windows:
            return dict.fromkeys(RATES)
        counts = {name: sum(w.counts.get(name, 0) for w in windows) for name in COUNT_FIELDS}
        return Window(windows[0].months, counts).rates

    def change(self) -> dict[str, float | None]:
        return difference(
            (self.cases_per_month("before"), self.rates("before")),
            (self.cases_per_month("after"), self.rates("after")),
        )


@dataclass
class ThemeReview:
    theme: Theme
    totals: Totals


@dataclass
class YearReview:
    plan: Plan
    themes: list[ThemeReview]
    totals: Totals
    made_at: dt.datetime


def year_review(
    plan: Plan, *, month: int | None = None, now: dt.datetime | None = None
) -> YearReview:
    """The review of a plan (or of one of its months)."""
    now = now or timezone.now()
    today = now.astimezone(BEIJING).date()
    chosen = plan.themes.order_by("month")
    if month is not None:
        chosen = chosen.filter(month=month)
    reviews = []
    everything = Totals()
    themes = list(
        chosen.prefetch_related(
            "problems__tasks",
            "problems__policies",
            "problems__supervision_items",
            "problems__lead_department",
        )
    )
    everyone = [problem for theme in themes for problem in theme.problems.all()]
    found = outcomes(everyone, now=now)
    compared = did.estimates(everyone, found)
    for theme in themes:
        totals = Totals()
        for problem in theme.problems.all():
            reviewed = ProblemReview(
                problem,
                list(problem.tasks.all()),
                list(problem.policies.all()),
                list(problem.supervision_items.all()),
                found[problem.pk],
                today,
                compared[problem.pk],
            )
            totals.reviews.append(reviewed)
            everything.reviews.append(reviewed)
        reviews.append(ThemeReview(theme, totals))
    return YearReview(plan, reviews, everything, now)


# --- spreadsheet ------------------------------------------------------------------------------


def to_xlsx(review: YearReview) -> bytes:
    """The review as a workbook: the year on the first sheet, then one sheet per theme."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = str(review.plan.year)
    _summary_sheet(sheet, review)
    for theme_review in review.themes:
        _theme_sheet(book.create_sheet(f"{theme_review.theme.month:02d}"), theme_review)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _headers() -> list[str]:
    return [
        _("Month"),
        _("Theme"),
        _("Problem"),
        _("Lead department"),
        _("Tasks"),
        _("Done"),
        _("Overdue"),
        _("Policies issued"),
        _("Supervision items"),
        _("Closed"),
        _("Cases per month before"),
        _("Cases per month after"),
        _("Resolution rate before (%)"),
        _("Resolution rate after (%)"),
        _("Satisfaction rate before (%)"),
        _("Satisfaction rate after (%)"),
    ]


def _figures(totals: Totals) -> list[object]:
    before, after = totals.rates("before"), totals.rates("after")
    return [
        totals.tasks,
        totals.tasks_done,
        totals.tasks_overdue,
        totals.policies,
        totals.supervision,
        totals.supervision_closed,
        totals.cases_per_month("before"),
        totals.cases_per_month("after"),
        before["resolution_rate"],
        after["resolution_rate"],
        before["satisfaction_rate"],
        after["satisfaction_rate"],
    ]


def _summary_sheet(sheet: Worksheet, review: YearReview) -> None:
    sheet.append([f"{review.plan.year} {review.plan.title}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Made at"), review.made_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")])
    sheet.append([])
    sheet.append(_headers())
    for theme_review in review.themes:
        for reviewed in theme_review.totals.reviews:
            problem = reviewed.problem
            sheet.append(
                [
                    theme_review.theme.month,
                    theme_review.theme.title,
                    problem.title,
                    str(problem.lead_department),
                    *_figures(Totals([reviewed])),
                ]
            )
    sheet.append([_("The whole year"), "", "", "", *_figures(review.totals)])
    for cell in sheet[4]:
        cell.font = Font(bold=True)


def _theme_sheet(sheet: Worksheet, theme_review: ThemeReview) -> None:
    theme = theme_review.theme
    sheet.append([f"{theme.plan.year}-{theme.month:02d} {theme.title}"])
    sheet["A1"].font = Font(bold=True, size=14)
    for reviewed in theme_review.totals.reviews:
        problem = reviewed.problem
        sheet.append([])
        sheet.append([_("Problem"), problem.title])
        sheet.append([_("Lead department"), str(problem.lead_department)])
        sheet.append([_("Tasks"), _("Owner"), _("Deadline"), _("Status"), _("Done on")])
        for task in reviewed.tasks:
            sheet.append(
                [task.title, task.owner, task.due, task.get_status_display(), task.done_on]
            )
        sheet.append([_("Policies issued"), _("Document number"), _("Issued by"), _("Issued on")])
        for policy in reviewed.policies:
            sheet.append([policy.title, policy.reference, policy.issued_by, policy.issued_on])
        sheet.append([_("Compared with"), _verdict(reviewed.estimate)])
        sheet.append([_("Month"), _("Cases"), *(_rate_names())])
        for row in reviewed.outcome.series:
            sheet.append([row["month"], row["cases"], *(row[name] for name in RATES)])


def _rate_names() -> list[str]:
    return [_("Response rate (%)"), _("Resolution rate (%)"), _("Satisfaction rate (%)")]


def _verdict(estimate: Estimate | None) -> str:
    return estimate.verdict if estimate else str(NO_ESTIMATE)
