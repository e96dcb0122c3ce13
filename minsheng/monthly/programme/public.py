"""The programme's public table on the hotline's results pages (/12345/results/).

Only aggregates: months, themes, problems, lead departments, counts. No personal data.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from minsheng.core.modules import add_public_table
from minsheng.hotline.public.tables import Table
from minsheng.monthly.models import Problem
from minsheng.monthly.programme.outcomes import outcomes


@add_public_table
def programme_table(today: dt.date) -> Table:
    """This year's "One issue per month": each problem's tasks done, policies, before and after."""
    year = today.year
    problems = list(
        Problem.objects.filter(theme__plan__year=year)
        .select_related("theme__plan", "lead_department")
        .annotate(
            tasks_total=Count("tasks", distinct=True),
            tasks_done=Count("tasks", filter=Q(tasks__status="done"), distinct=True),
            policies_count=Count("policies", distinct=True),
        )
        .order_by("theme__month", "position")
    )
    results = outcomes(cast(list[Problem], problems))
    rows = []
    for problem in problems:
        outcome = results.get(problem.pk)
        before = outcome.before.cases_per_month if outcome else None
        after = outcome.after.cases_per_month if outcome else None
        rows.append(
            [
                f"{year}-{problem.theme.month:02d}",
                problem.theme.title,
                problem.title,
                problem.lead_department.display_name,
                f"{problem.tasks_done}/{problem.tasks_total}",
                problem.policies_count,
                "" if before is None else before,
                "" if after is None else after,
            ]
        )
    return Table(
        "programme",
        _("“One issue per month” this year"),
        [
            _("Month"),
            _("Theme"),
            _("Problem"),
            _("Lead department"),
            _("Tasks done"),
            _("Policies issued"),
            _("Cases per month before"),
            _("Cases per month after"),
        ],
        rows,
    )
