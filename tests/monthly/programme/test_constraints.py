"""The programme's rules hold in the database itself (committed transactions)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from minsheng.monthly.models import Problem, SupervisionItem, Task

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("position", [4, 1], ids=["a fourth problem", "a taken position"])
def test_a_theme_holds_three_problems_at_distinct_positions(
    cast, theme, problem, housing, position
):
    with pytest.raises(IntegrityError), transaction.atomic():
        Problem.objects.create(
            theme=theme,
            position=position,
            title="again",
            description="d",
            leader=cast.leader,
            lead_department=housing,
            created_by=cast.programme_office,
        )


def test_no_month_thirteen(theme):
    with pytest.raises(IntegrityError), transaction.atomic():
        type(theme).objects.create(plan=theme.plan, month=13, title="x")


def test_done_means_dated(problem):
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(
            problem=problem, title="t", owner="o", due=dt.date(2025, 6, 1), status="done"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionItem.objects.create(
            problem=problem,
            title="t",
            deadline=dt.date(2025, 6, 1),
            status="done",
            created_by=problem.created_by,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionItem.objects.create(
            problem=problem,
            title="t",
            deadline=dt.date(2025, 6, 1),
            escalation=1,
            created_by=problem.created_by,
        )
