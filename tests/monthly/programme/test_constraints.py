"""The programme's rules hold in the database itself (committed transactions)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from minsheng.monthly.models import Problem, SupervisionItem, Task

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_fourth_problem_and_no_month_thirteen(cast, theme, problem, housing):
    with pytest.raises(IntegrityError), transaction.atomic():
        Problem.objects.create(
            theme=theme,
            position=4,
            title="p",
            description="d",
            leader=cast.leader,
            lead_department=housing,
            created_by=cast.programme_office,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Problem.objects.create(
            theme=theme,
            position=1,
            title="again",
            description="d",
            leader=cast.leader,
            lead_department=housing,
            created_by=cast.programme_office,
        )
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
