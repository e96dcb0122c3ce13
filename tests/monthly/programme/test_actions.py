"""The office builds the programme; a leader and a lead department work on their own problems."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from minsheng import access
from minsheng.audit.models import AuditEntry
from minsheng.monthly.models import SupervisionItem, Task
from minsheng.monthly.programme import actions
from minsheng.people.models import Organisation, RoleAssignment, User
from minsheng.people.roles import Role


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """The messages below are matched in the source language."""
    with translation.override("en"):
        yield


@pytest.fixture
def other_leader(cast, beijing) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user(username="leader-2", password="x", name="王副市长")
    RoleAssignment.objects.create(user=user, role=Role.LEADER, region=beijing["110000"])
    return user


@pytest.fixture
def other_department_staff(cast, beijing) -> User:  # type: ignore[no-untyped-def]
    water = Organisation.objects.filter(kind="department").exclude(code="BJ-ZJW").first()
    user = User.objects.create_user(username="water-dept", password="x", name="水务干部")
    RoleAssignment.objects.create(
        user=user, role=Role.DEPARTMENT_STAFF, region=beijing["110000"], organisation=water
    )
    return user


def test_only_the_office_builds_the_programme(cast, plan):
    for who in (cast.leader, cast.department_staff, cast.city_admin, cast.dispatcher):
        with pytest.raises(PermissionDenied):
            actions.save_theme(actor=who, plan=plan, month=1, title="x")
    with pytest.raises(PermissionDenied):
        actions.create_plan(actor=cast.leader, year=2030, title="x")


def test_leader_and_lead_department_report_on_their_own_problem(cast, problem):
    task = actions.add_task(
        actor=cast.leader,
        problem=problem,
        title="制定加装电梯补贴办法",
        owner="市住建委",
        due=dt.date(2025, 6, 30),
    )
    done = actions.set_task_status(
        actor=cast.department_staff, task=task, status="done", on=dt.date(2025, 6, 20)
    )
    assert (done.status, done.done_on) == ("done", dt.date(2025, 6, 20))
    actions.add_note(actor=cast.department_staff, problem=problem, text="已完成调研")
    actions.add_policy(
        actor=cast.leader,
        problem=problem,
        title="加装电梯补贴办法",
        issued_by="市住建委",
        issued_on=dt.date(2025, 6, 20),
    )


def test_others_cannot_see_or_report_on_the_problem(
    cast, problem, other_leader, other_department_staff
):
    for who in (other_leader, other_department_staff, cast.dispatcher, cast.outsider):
        assert not access.can(who, "monthly.view_problem", problem)
        with pytest.raises(PermissionDenied):
            actions.add_note(actor=who, problem=problem, text="x")
    for who in (cast.programme_office, cast.city_admin, cast.leader, cast.department_staff):
        assert access.can(who, "monthly.view_problem", problem)
    # The city reads but does not report.
    with pytest.raises(PermissionDenied):
        actions.add_note(actor=cast.city_admin, problem=problem, text="x")


def test_leader_and_department_cannot_change_the_plan(cast, problem):
    with pytest.raises(PermissionDenied):
        actions.update_problem(actor=cast.leader, problem=problem, title="别的")
    with pytest.raises(PermissionDenied):
        actions.open_supervision(
            actor=cast.department_staff, problem=problem, title="x", deadline=dt.date(2025, 6, 1)
        )


def _new_problem(cast, theme, housing, **fields):  # type: ignore[no-untyped-def]
    """A problem the office adds to ``theme``: a valid one unless ``fields`` say otherwise."""
    valid = {"title": "p", "description": "d", "leader": cast.leader, "lead_department": housing}
    return actions.create_problem(actor=cast.programme_office, theme=theme, **{**valid, **fields})


def test_a_theme_holds_at_most_three_problems(cast, theme, housing, problem):
    for n in (2, 3):
        _new_problem(cast, theme, housing, title=f"p{n}")
    with pytest.raises(ValidationError, match="at most 3"):
        _new_problem(cast, theme, housing, title="p4")


def test_the_responsible_people_are_checked(cast, theme, housing):
    with pytest.raises(ValidationError, match="leader role"):
        _new_problem(cast, theme, housing, leader=cast.dispatcher)
    with pytest.raises(ValidationError, match="cooperating"):
        _new_problem(cast, theme, housing, cooperating_units=[housing])
    station = Organisation.objects.filter(kind="station").first()
    with pytest.raises(ValidationError, match="lead department"):
        _new_problem(cast, theme, housing, lead_department=station)


def test_key_phrases_are_cleaned(cast, problem):
    changed = actions.update_problem(
        actor=cast.programme_office, problem=problem, key_phrases=[" 电梯 ", "", "电梯", "加装"]
    )
    assert changed.key_phrases == ["电梯", "加装"]
    with pytest.raises(ValidationError, match="at most 40"):
        actions.clean_phrases(["长" * 41])


def test_every_change_is_audited(cast, problem):
    task = actions.add_task(
        actor=cast.leader, problem=problem, title="t", owner="o", due=dt.date(2025, 6, 1)
    )
    actions.set_task_status(actor=cast.leader, task=task, status="in_progress")
    kinds = list(
        AuditEntry.objects.filter(action__startswith="monthly.")
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert kinds == [
        "monthly.create_plan",
        "monthly.save_theme",
        "monthly.create_problem",
        "monthly.add_task",
        "monthly.set_task_status",
    ]
    last = AuditEntry.objects.order_by("-id").first()
    assert last.before["status"] == "planned" and last.after["status"] == "in_progress"


def test_a_meeting_sets_tasks(cast, plan, theme, problem):
    meeting = actions.record_meeting(
        actor=cast.programme_office,
        plan=plan,
        theme=theme,
        held_on=dt.date(2025, 5, 8),
        attendees="市领导、市住建委、各区",
        decisions="各区6月底前报送加装电梯计划",
    )
    task = actions.add_task(
        actor=cast.programme_office,
        problem=problem,
        title="报送计划",
        owner="各区政府",
        due=dt.date(2025, 6, 30),
        meeting=meeting,
    )
    assert list(meeting.tasks.all()) == [task]


class TestSupervision:
    @pytest.fixture
    def item(self, cast, problem):  # type: ignore[no-untyped-def]
        return actions.open_supervision(
            actor=cast.programme_office,
            problem=problem,
            title="6月底前出台补贴办法",
            deadline=dt.date(2025, 6, 30),
        )

    def test_not_escalated_before_the_deadline(self, item):
        assert actions.escalate_overdue(on=dt.date(2025, 6, 30)) == {"department": 0, "leader": 0}

    def test_overdue_reminds_the_department_then_goes_to_the_leader(self, item):
        assert actions.escalate_overdue(on=dt.date(2025, 7, 1)) == {"department": 1, "leader": 0}
        item.refresh_from_db()
        assert (item.escalation, item.escalated_on) == (1, dt.date(2025, 7, 1))
        # Running again the same week changes nothing.
        assert actions.escalate_overdue(on=dt.date(2025, 7, 5)) == {"department": 0, "leader": 0}
        assert actions.escalate_overdue(on=dt.date(2025, 7, 8)) == {"department": 0, "leader": 1}
        item.refresh_from_db()
        assert item.escalation == SupervisionItem.Escalation.LEADER
        audit = AuditEntry.objects.filter(action="monthly.escalate_supervision").count()
        assert audit == 2

    def test_a_closed_item_is_not_escalated(self, cast, item):
        actions.close_supervision(
            actor=cast.department_staff, item=item, result="已出台", on=dt.date(2025, 6, 28)
        )
        assert actions.escalate_overdue(on=dt.date(2025, 9, 1)) == {"department": 0, "leader": 0}
        with pytest.raises(ValidationError):
            actions.close_supervision(actor=cast.department_staff, item=item, result="again")


def test_task_status_must_be_known(cast, problem):
    task = actions.add_task(
        actor=cast.leader, problem=problem, title="t", owner="o", due=dt.date(2025, 6, 1)
    )
    with pytest.raises(ValidationError):
        actions.set_task_status(actor=cast.leader, task=task, status="finished")
    assert Task.objects.get(pk=task.pk).status == "planned"
