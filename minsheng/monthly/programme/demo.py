"""Demo: this year's programme, built from last year's complaints, worked on up to today.

Twelve themes of two or three problems (the kinds Beijing took up from 2021 on), each with a
leader, a lead department, cooperating units and a definition that matches the demo cases. Months
that have passed have their meeting, tasks (most done, some late), policies, progress notes and a
supervision item; overdue items are escalated as the periodic work would. Everything goes through
``actions``, so it is audited like real work. Idempotent: an existing plan of the year is kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from minsheng.hotline.models import Category
from minsheng.monthly.models import Meeting, Plan, Problem, Theme
from minsheng.monthly.programme import actions
from minsheng.people.models import Organisation, RoleAssignment, User
from minsheng.people.roles import Role
from minsheng.regions.models import Region


@dataclass(frozen=True)
class DemoProblem:
    title: str
    lead: str
    categories: tuple[str, ...]
    phrases: tuple[str, ...] = ()
    cooperating: tuple[str, ...] = ()
    leader: int = 0  # which of LEADERS


@dataclass(frozen=True)
class DemoTheme:
    title: str
    problems: tuple[DemoProblem, ...] = field(default_factory=tuple)


P = DemoProblem
THEMES = (
    DemoTheme(
        "供暖保障",
        (
            P("老旧小区冬季室温不达标", "BJ-CGW", ("0601",), cooperating=("BJ-HEAT", "BJ-ZJW")),
            P("供暖费收缴与退费争议", "BJ-CGW", ("0602",), cooperating=("BJ-HEAT",), leader=1),
        ),
    ),
    DemoTheme(
        "农民工工资支付",
        (
            P(
                "农民工工资拖欠",
                "BJ-RSJ",
                ("1401",),
                ("工资", "欠薪"),
                ("BJ-ZJW", "BJ-GAJ"),
                leader=2,
            ),
            P("劳动合同与社保缴纳不规范", "BJ-RSJ", ("1402", "1902"), leader=2),
        ),
    ),
    DemoTheme(
        "回迁房办证",
        (
            P(
                "回迁房房产证办不下来",
                "BJ-GHZRZYW",
                ("04",),
                ("房产证", "产权证", "不动产"),
                ("BJ-ZJW",),
            ),
            P("保障性住房申请与配租", "BJ-ZJW", ("0402",), leader=1),
        ),
    ),
    DemoTheme(
        "老旧小区加装电梯",
        (
            P(
                "老旧小区加装电梯难",
                "BJ-ZJW",
                ("05", "03"),
                ("加装电梯", "加梯"),
                ("BJ-GHZRZYW", "BJ-SCJGJ"),
            ),
            P("老旧小区综合整治进度慢", "BJ-ZJW", ("0501",), cooperating=("BJ-CGW",), leader=1),
        ),
    ),
    DemoTheme(
        "居民楼下水道",
        (
            P(
                "老旧居民楼下水道反复堵塞返水",
                "BJ-SWJ",
                ("0801", "0302"),
                ("下水道", "返水", "堵塞"),
                ("BJ-DRAIN", "BJ-ZJW"),
                leader=2,
            ),
            P("汛期小区积水", "BJ-SWJ", ("0802",), cooperating=("BJ-DRAIN",), leader=2),
        ),
    ),
    DemoTheme(
        "预付卡消费",
        (
            P(
                "健身房闭店预付卡不退",
                "BJ-SCJGJ",
                (),
                ("健身房", "预付卡", "会员卡"),
                ("BJ-TYJ", "BJ-GAJ", "BJ-SWJU"),
            ),
            P("网购退换货纠纷", "BJ-SCJGJ", ("18",), cooperating=("BJ-SWJU",), leader=1),
        ),
    ),
    DemoTheme(
        "电动自行车充电",
        (
            P("电动自行车充电难", "BJ-CGW", ("11",), ("充电",), ("BJ-ZJW", "BJ-GAJ"), leader=2),
            P("楼道飞线充电消防隐患", "BJ-GAJ", ("2002",), ("充电", "电动车"), ("BJ-ZJW",)),
        ),
    ),
    DemoTheme(
        "物业服务规范",
        (
            P("物业服务不到位", "BJ-ZJW", ("0301",), cooperating=("BJ-CGW",), leader=1),
            P("业委会成立难", "BJ-ZJW", ("0303",), leader=1),
            P("物业撤场后小区无人管理", "BJ-ZJW", ("030104",), cooperating=("BJ-CGW",)),
        ),
    ),
    DemoTheme(
        "学前教育",
        (
            P("普惠性幼儿园学位不足", "BJ-JW", ("1501",), leader=2),
            P("义务教育入学政策咨询", "BJ-JW", ("1502",), leader=2),
        ),
    ),
    DemoTheme(
        "公交与停车",
        (
            P("公交线路调整与站点设置", "BJ-JTW", ("1001",)),
            P("老旧小区停车难", "BJ-JTW", ("1002",), cooperating=("BJ-GAJ", "BJ-CGW"), leader=1),
        ),
    ),
    DemoTheme(
        "噪声治理",
        (
            P("工地夜间施工扰民", "BJ-ZJW", ("12", "13"), ("夜间施工",), ("BJ-STHJJ", "BJ-CGW")),
            P("商业与生活噪声扰民", "BJ-STHJJ", ("1201",), cooperating=("BJ-GAJ",), leader=2),
        ),
    ),
    DemoTheme(
        "居家养老服务",
        (
            P("居家养老服务供给不足", "BJ-MZJ", ("1901",), cooperating=("BJ-WJW",), leader=1),
            P("社区就医与医疗服务", "BJ-WJW", ("1601",), leader=1),
        ),
    ),
)

LEADERS = (("leader", "吴志明"), ("leader-2", "孙立华"), ("leader-3", "钱卫东"))


def load(today: dt.date | None = None) -> Plan | None:
    today = today or timezone.localdate()
    if Plan.objects.filter(year=today.year).exists():
        return None
    office = User.objects.filter(username="monthly-office").first()
    if office is None:
        return None
    plan = actions.create_plan(
        actor=office,
        year=today.year,
        title="接诉即办“每月一题”",
        summary=f"从{today.year - 1}年12345市民诉求中筛选出的高频共性难点问题，"
        "每月一个主题、2-3个具体问题，市领导统筹、部门牵头、相关单位协同。",
    )
    leaders = [_leader(username, name) for username, name in LEADERS]
    for month, spec in enumerate(THEMES, start=1):
        theme = actions.save_theme(actor=office, plan=plan, month=month, title=spec.title)
        meeting = None
        if dt.date(today.year, month, 8) <= today:
            meeting = actions.record_meeting(
                actor=office,
                plan=plan,
                theme=theme,
                held_on=dt.date(today.year, month, 8),
                chaired_by=leaders[0].name,
                attendees=_attendees(spec),
                decisions=f"明确{spec.title}各问题的任务清单、牵头部门和完成时限，下月调度会报告进展。",
            )
        for problem_spec in spec.problems:
            problem = _problem(office, theme, problem_spec, leaders)
            _work(office, problem, meeting, today)
    _escalate_week_by_week(dt.date(today.year, 1, 1), today)
    return plan


def _escalate_week_by_week(first: dt.date, today: dt.date) -> None:
    """Escalate as the periodic work would have, so that items carry believable dates."""
    day = first
    while day < today:
        actions.escalate_overdue(on=day)
        day += dt.timedelta(days=7)
    actions.escalate_overdue(on=today)


def _leader(username: str, name: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password=None, name=name)
    if not user.role_assignments.filter(role=Role.LEADER).exists():
        RoleAssignment.objects.create(
            user=user, role=Role.LEADER, region=Region.objects.get(level=Region.Level.CITY)
        )
    return user


def _attendees(spec: DemoTheme) -> str:
    codes = {p.lead for p in spec.problems} | {c for p in spec.problems for c in p.cooperating}
    names = Organisation.objects.filter(code__in=codes).values_list("name", flat=True)
    return "、".join(["分管市领导", *sorted(names), "各区政府"])


def _problem(office: User, theme: Theme, spec: DemoProblem, leaders: list[User]) -> Problem:
    return actions.create_problem(
        actor=office,
        theme=theme,
        title=spec.title,
        description=f"{spec.title}：上年度12345诉求量大、涉及多区多部门，需市级统筹解决。",
        leader=leaders[spec.leader],
        lead_department=Organisation.objects.get(code=spec.lead),
        cooperating_units=Organisation.objects.filter(code__in=spec.cooperating),
        categories=Category.objects.filter(code__in=spec.categories),
        key_phrases=spec.phrases,
    )


def _work(office: User, problem: Problem, meeting: Meeting | None, today: dt.date) -> None:
    """The action plan and what became of it by ``today``."""
    month_start = problem.theme.first_day
    lead = str(problem.lead_department)
    steps = (
        ("摸清底数，建立问题台账", month_start + dt.timedelta(days=20)),
        ("制定专项工作方案和政策措施", month_start + dt.timedelta(days=50)),
        ("督促各区落实并开展回访", month_start + dt.timedelta(days=80)),
    )
    tasks = [
        actions.add_task(
            actor=office, problem=problem, title=title, owner=lead, due=due, meeting=meeting
        )
        for title, due in steps
    ]
    if month_start > today:
        return
    done = set()
    for task in tasks:
        if task.due <= today and task.pk % 4:  # most tasks on time; every fourth runs late
            actions.set_task_status(actor=office, task=task, status="done", on=task.due)
            done.add(task.pk)
        else:
            actions.set_task_status(actor=office, task=task, status="in_progress")
    plan_task, plan_due = tasks[1], steps[1][1]
    item = actions.open_supervision(
        actor=office,
        problem=problem,
        title=f"按期完成：{steps[1][0]}",
        deadline=plan_due,
        task=plan_task,
        demand="牵头部门按月报送进展，逾期未完成的报分管市领导。",
    )
    if plan_task.pk in done:
        actions.close_supervision(
            actor=office, item=item, result="已按期完成，方案已印发。", on=plan_due
        )
        actions.add_policy(
            actor=office,
            problem=problem,
            title=f"关于解决{problem.title}问题的工作措施",
            issued_by=lead,
            issued_on=plan_due,
            reference=f"京{problem.pk:03d}号",
        )
    actions.add_note(actor=office, problem=problem, text="已召开专题会，明确任务分工和时间表。")
