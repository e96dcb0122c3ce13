"""What "One issue per month" tells people (registered with the notifications app).

Lead departments hear of supervision items assigned to them, three days before the deadline,
and when overdue; the responsible leader and the programme office hear when an item is
escalated to the leader. Tasks due within three days are told to the lead department, and a
dispatch meeting recorded ahead of its date to the leaders and departments of its problems.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minsheng.jobs.schedule import every
from minsheng.monthly.models import Meeting, Problem, SupervisionItem, Task
from minsheng.monthly.programme.actions import today
from minsheng.notifications.models import Channel
from minsheng.notifications.registry import Kind, Occurrence, follow
from minsheng.notifications.registry import register_kind as add
from minsheng.notifications.rendering import bilingual
from minsheng.notifications.sending import notify
from minsheng.people.models import RoleAssignment, User
from minsheng.people.roles import Role

CHANNELS = (Channel.EMAIL, Channel.PUSH, Channel.WECHAT)
DUE_SOON = dt.timedelta(days=3)

add(
    Kind(
        "monthly.supervision_assigned",
        _("A supervision item was assigned"),
        _("Supervision item for %(department)s: %(title)s (deadline %(deadline)s)"),
        _("%(demand)s"),
        channels=CHANNELS,
    ),
    Kind(
        "monthly.supervision_due",
        _("A supervision item is due in three days"),
        _("Due on %(deadline)s: %(title)s"),
        channels=CHANNELS,
    ),
    Kind(
        "monthly.supervision_overdue",
        _("A supervision item is overdue"),
        _("Overdue since %(deadline)s: %(title)s"),
        _("Report what was achieved, or it goes to the responsible leader."),
        channels=(Channel.SMS, *CHANNELS),
    ),
    Kind(
        "monthly.supervision_escalated",
        _("A supervision item was escalated to the leader"),
        _("Escalated to the leader: %(title)s (deadline %(deadline)s)"),
        _("Lead department: %(department)s."),
        channels=(Channel.SMS, *CHANNELS),
    ),
    Kind(
        "monthly.task_due",
        _("A task is due"),
        _("Task due on %(due)s: %(title)s"),
        _("Problem: %(problem)s."),
        channels=CHANNELS,
    ),
    Kind(
        "monthly.meeting_scheduled",
        _("A dispatch meeting was scheduled"),
        _("Dispatch meeting on %(held_on)s"),
        _("%(decisions)s"),
        channels=CHANNELS,
    ),
)


def department_staff(problem: Problem) -> list[User]:
    holders = RoleAssignment.objects.filter(
        organisation_id=problem.lead_department_id,
        role__in=(Role.DEPARTMENT_STAFF, Role.UNIT_STAFF),
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=holders, is_active=True))


def programme_office() -> list[User]:
    holders = RoleAssignment.objects.filter(role=Role.PROGRAMME_OFFICE).values_list(
        "user_id", flat=True
    )
    return list(User.objects.filter(pk__in=holders, is_active=True))


def item_facts(item: SupervisionItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "demand": item.demand,
        "deadline": item.deadline.isoformat(),
        "department": bilingual(item.problem.lead_department),
        "problem": item.problem.title,
    }


def _tell_item(
    kind: str, item: SupervisionItem, recipients: list[Any], key: str, **kw: Any
) -> None:
    notify(
        kind=kind,
        recipients=recipients,
        payload=item_facts(item),
        link=reverse("monthly:problem", args=[item.problem_id]),
        key=key,
        **kw,
    )


def _item(happened: Occurrence) -> SupervisionItem | None:
    if not isinstance(happened.target, SupervisionItem):
        return None
    return SupervisionItem.objects.select_related(
        "problem", "problem__lead_department", "problem__leader"
    ).get(pk=happened.target.pk)


@follow("monthly.open_supervision")
def assigned(happened: Occurrence) -> None:
    item = _item(happened)
    if item is not None:
        _tell_item(
            "monthly.supervision_assigned",
            item,
            department_staff(item.problem),
            f"monthly.supervision_assigned:{item.pk}",
            actor=happened.actor,
            at=happened.at,
        )


@follow("monthly.escalate_supervision")
def escalated(happened: Occurrence) -> None:
    item = _item(happened)
    if item is None:
        return
    if item.escalation == SupervisionItem.Escalation.LEADER:
        recipients = [item.problem.leader, *programme_office(), *department_staff(item.problem)]
        kind = "monthly.supervision_escalated"
    else:
        recipients = department_staff(item.problem)
        kind = "monthly.supervision_overdue"
    _tell_item(kind, item, recipients, f"{kind}:{item.pk}", urgent=True, at=happened.at)


@follow("monthly.record_meeting")
def meeting_recorded(happened: Occurrence) -> None:
    meeting = happened.target
    if not isinstance(meeting, Meeting) or meeting.held_on < today():
        return  # a meeting recorded after it was held tells nobody anything new
    problems = Problem.objects.filter(theme__plan_id=meeting.plan_id).select_related("leader")
    if meeting.theme_id:
        problems = problems.filter(theme_id=meeting.theme_id)
    recipients: list[User] = [*programme_office()]
    for problem in problems:
        recipients += [problem.leader, *department_staff(problem)]
    notify(
        kind="monthly.meeting_scheduled",
        recipients=recipients,
        payload={"held_on": meeting.held_on.isoformat(), "decisions": meeting.decisions[:300]},
        link=reverse("monthly:meeting", args=[meeting.pk]),
        key=f"monthly.meeting_scheduled:{meeting.pk}",
        actor=happened.actor,
        at=happened.at,
    )


@every(name="monthly.notify_deadlines", hours=6)
def deadlines() -> None:
    warn_deadlines(day=today())


def warn_deadlines(*, day: dt.date) -> int:
    """Supervision items and tasks due within three days, each told once per deadline."""
    told = 0
    items = SupervisionItem.objects.filter(
        status=SupervisionItem.Status.OPEN, deadline__gte=day, deadline__lte=day + DUE_SOON
    ).select_related("problem", "problem__lead_department")
    for item in items:
        _tell_item(
            "monthly.supervision_due",
            item,
            department_staff(item.problem),
            f"monthly.supervision_due:{item.pk}:{item.deadline}",
        )
        told += 1
    tasks = Task.objects.filter(
        status__in=(Task.Status.PLANNED, Task.Status.IN_PROGRESS),
        due__gte=day,
        due__lte=day + DUE_SOON,
    ).select_related("problem")
    for task in tasks:
        notify(
            kind="monthly.task_due",
            recipients=department_staff(task.problem),
            payload={
                "title": task.title,
                "due": task.due.isoformat(),
                "problem": task.problem.title,
            },
            link=reverse("monthly:problem", args=[task.problem_id]),
            key=f"monthly.task_due:{task.pk}:{task.due}",
        )
        told += 1
    return told
