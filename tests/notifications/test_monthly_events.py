"""One issue per month: supervision items, tasks and meetings."""

from __future__ import annotations

import datetime as dt

from minsheng.monthly import notifications as monthly_notifications
from minsheng.monthly.programme import actions
from minsheng.monthly.programme.actions import today
from minsheng.notifications.models import Message


def kinds_for(person) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        Message.objects.filter(recipient=person)
        .order_by("pk")
        .values_list("event__kind", flat=True)
    )


def open_item(cast, problem, days: int = 10):  # type: ignore[no-untyped-def]
    return actions.open_supervision(
        actor=cast.programme_office,
        problem=problem,
        title="完成加装电梯可行性评估",
        deadline=today() + dt.timedelta(days=days),
        demand="三个月内拿出方案",
    )


def test_an_assigned_item_tells_the_lead_department(cast, problem, committed):
    with committed():
        open_item(cast, problem)
    assert kinds_for(cast.department_staff) == ["monthly.supervision_assigned"]
    assert "完成加装电梯可行性评估" in Message.objects.get(recipient=cast.department_staff).title


def test_three_days_before_the_deadline_the_department_is_reminded_once(cast, problem, committed):
    item = open_item(cast, problem, days=10)
    with committed():
        monthly_notifications.warn_deadlines(day=item.deadline - dt.timedelta(days=5))
    assert kinds_for(cast.department_staff) == []
    with committed():
        monthly_notifications.warn_deadlines(day=item.deadline - dt.timedelta(days=3))
        monthly_notifications.warn_deadlines(day=item.deadline - dt.timedelta(days=2))
    assert kinds_for(cast.department_staff) == ["monthly.supervision_due"]


def test_overdue_items_go_to_the_department_then_to_the_leader(cast, problem, committed):
    item = open_item(cast, problem, days=1)
    with committed():
        actions.escalate_overdue(on=item.deadline + dt.timedelta(days=1))
    assert kinds_for(cast.department_staff) == ["monthly.supervision_overdue"]
    assert kinds_for(cast.leader) == []
    with committed():
        actions.escalate_overdue(on=item.deadline + dt.timedelta(days=60))
    assert kinds_for(cast.leader) == ["monthly.supervision_escalated"]
    assert "monthly.supervision_escalated" in kinds_for(cast.programme_office)


def test_a_task_due_within_three_days_is_told(cast, problem, committed):
    task = actions.add_task(
        actor=cast.programme_office,
        problem=problem,
        title="摸底调查",
        owner="市住建委",
        due=today() + dt.timedelta(days=2),
    )
    with committed():
        monthly_notifications.warn_deadlines(day=today())
    assert kinds_for(cast.department_staff) == ["monthly.task_due"]
    assert task.title in Message.objects.get(recipient=cast.department_staff).title


def test_a_meeting_ahead_of_its_date_tells_the_leaders_and_departments(
    cast, plan, theme, problem, committed
):
    with committed():
        actions.record_meeting(
            actor=cast.programme_office,
            plan=plan,
            theme=theme,
            held_on=today() + dt.timedelta(days=7),
            attendees="市住建委、朝阳区",
            decisions="研究加装电梯方案",
        )
    assert kinds_for(cast.leader) == ["monthly.meeting_scheduled"]
    assert kinds_for(cast.department_staff) == ["monthly.meeting_scheduled"]
    # The office recorded it: it is not told about its own action.
    assert kinds_for(cast.programme_office) == []
