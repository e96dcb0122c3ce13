"""The demo programme: twelve themes of two or three problems, worked on up to "today"."""

from __future__ import annotations

import datetime as dt

from minsheng.monthly.models import Plan, Problem, ProblemCase, SupervisionItem, Task
from minsheng.monthly.programme import demo

from .conftest import import_rows, row

TODAY = dt.date(2025, 11, 30)


def test_a_whole_year_is_planned_and_the_past_months_worked_on(cast, categories, tmp_path):
    import_rows(tmp_path, [row("L1", "2025-03-02 09:00", "劲松三区想加装电梯")])
    plan = demo.load(today=TODAY)
    assert plan is not None and plan.year == 2025
    themes = list(plan.themes.order_by("month"))
    assert [t.month for t in themes] == list(range(1, 13))
    assert all(2 <= t.problems.count() <= 3 for t in themes)
    lifts = Problem.objects.get(title="老旧小区加装电梯难")
    assert ProblemCase.objects.filter(problem=lifts, case__number="L1").exists()
    # December has not begun: planned, not worked on.
    december = Task.objects.filter(problem__theme__month=12)
    assert set(december.values_list("status", flat=True)) == {"planned"}
    assert Task.objects.filter(status="done").exists()
    assert plan.meetings.count() == 11
    late = SupervisionItem.objects.filter(status="open", deadline__lt=TODAY)
    assert late.exists() and all(item.escalation > 0 for item in late)


def test_the_demo_keeps_an_existing_plan(cast, categories):
    demo.load(today=TODAY)
    assert demo.load(today=TODAY) is None
    assert Plan.objects.count() == 1
