"""Every change of the annual programme: permission checked, one transaction, one audit entry.

The office (``monthly.edit_programme``) builds the plan, records meetings and opens supervision
items; a problem's leader and lead department (``monthly.report_progress``, on their own
problems) add tasks and policies, move tasks on, write progress notes and answer supervision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.cases.casefile import BEIJING
from minsheng.core.uploads import CleanDocument, files_undone_on_failure, store_upload
from minsheng.hotline.models import Category
from minsheng.monthly.conf import programme_settings
from minsheng.monthly.models import (
    MAX_PROBLEMS_PER_THEME,
    CandidateDecision,
    Meeting,
    Plan,
    Policy,
    Problem,
    ProblemDocument,
    ProgressNote,
    SelectionRun,
    SupervisionItem,
    Task,
    Theme,
)
from minsheng.monthly.programme import matching
from minsheng.people.models import Organisation, User
from minsheng.people.roles import Role
from minsheng.regions.models import Region

EDIT, REPORT = "monthly.edit_programme", "monthly.report_progress"
ADD_DOCUMENT = "monthly.add_document"
DOCUMENTS = "monthly/documents"
LEAD_KINDS = (
    Organisation.Kind.MUNICIPAL_DEPARTMENT,
    Organisation.Kind.PUBLIC_SERVICE_COMPANY,
    Organisation.Kind.DISTRICT_OFFICE,
)
MAX_PHRASES, MAX_PHRASE_LENGTH = 20, 40


def today() -> dt.date:
    return timezone.now().astimezone(BEIJING).date()


# --- plan and themes --------------------------------------------------------------------------


def create_plan(
    *, actor: User, year: int, title: str, summary: str = "", source_run: SelectionRun | None = None
) -> Plan:
    access.require(actor, EDIT)
    if Plan.objects.filter(year=year).exists():
        raise ValidationError(_("There is already a programme for %(year)s.") % {"year": year})
    with transaction.atomic():
        plan = Plan.objects.create(
            year=year,
            title=title.strip(),
            summary=summary.strip(),
            source_run=source_run,
            created_by=actor,
        )
        record(action="monthly.create_plan", target=plan, actor=actor, after=_facts(plan))
    return plan


def save_theme(*, actor: User, plan: Plan, month: int, title: str, description: str = "") -> Theme:
    """Create or rename the theme of one month."""
    access.require(actor, EDIT)
    if not 1 <= month <= 12:
        raise ValidationError(_("Choose a month from 1 to 12."))
    with transaction.atomic():
        theme = Theme.objects.select_for_update().filter(plan=plan, month=month).first()
        before = _facts(theme) if theme else None
        if theme is None:
            theme = Theme(plan=plan, month=month)
        theme.title, theme.description = title.strip(), description.strip()
        theme.save()
        record(
            action="monthly.save_theme",
            target=theme,
            actor=actor,
            before=before,
            after=_facts(theme),
        )
    return theme


# --- problems ---------------------------------------------------------------------------------


def create_problem(
    *,
    actor: User,
    theme: Theme,
    title: str,
    description: str,
    leader: User,
    lead_department: Organisation,
    cooperating_units: Iterable[Organisation] = (),
    categories: Iterable[Category] = (),
    places: Iterable[Region] = (),
    key_phrases: Iterable[str] = (),
    candidate: tuple[SelectionRun, str] | None = None,
) -> Problem:
    """Add a problem to a theme (by hand, or from a shortlisted candidate) and match its cases."""
    access.require(actor, EDIT)
    units = _cooperating(cooperating_units, lead_department)
    _check_leader(leader)
    _check_lead(lead_department)
    phrases = clean_phrases(key_phrases)
    numbers: list[str] = []
    run, key = candidate if candidate else (None, "")
    if run is not None:
        numbers = _shortlisted_numbers(run, key)
    with transaction.atomic():
        locked = Theme.objects.select_for_update().get(pk=theme.pk)
        problem = Problem(
            theme=locked,
            position=_free_position(locked),
            title=title.strip(),
            description=description.strip(),
            leader=leader,
            lead_department=lead_department,
            key_phrases=phrases,
            source_run=run,
            source_key=key,
            created_by=actor,
        )
        problem.save()
        problem.cooperating_units.set(units)
        problem.categories.set(list(categories))
        problem.places.set(list(places))
        if numbers:
            matching.link_cluster(problem, numbers)
        matching.match_new(problem)
        record(action="monthly.create_problem", target=problem, actor=actor, after=_facts(problem))
    return problem


def update_problem(*, actor: User, problem: Problem, **changes: Any) -> Problem:
    """Change a problem; when its definition changes, its cases are matched again."""
    access.require(actor, EDIT)
    lead = changes.get("lead_department", problem.lead_department)
    units = _cooperating(changes.pop("cooperating_units", problem.cooperating_units.all()), lead)
    if "leader" in changes:
        _check_leader(changes["leader"])
    _check_lead(lead)
    if "key_phrases" in changes:
        changes["key_phrases"] = clean_phrases(changes["key_phrases"])
    categories = changes.pop("categories", None)
    places = changes.pop("places", None)
    with transaction.atomic():
        locked = Problem.objects.select_for_update().get(pk=problem.pk)
        before = _facts(locked)
        for name, value in changes.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        locked.save()
        locked.cooperating_units.set(units)
        if categories is not None:
            locked.categories.set(list(categories))
        if places is not None:
            locked.places.set(list(places))
        after = _facts(locked)
        if _definition(before) != _definition(after):
            matching.rematch(locked)
        record(
            action="monthly.update_problem", target=locked, actor=actor, before=before, after=after
        )
    return locked


def clean_phrases(phrases: Iterable[str]) -> list[str]:
    """Stripped, without repeats, in the order given; too many or too long is refused."""
    cleaned = list(dict.fromkeys(p.strip() for p in phrases if p and p.strip()))
    if len(cleaned) > MAX_PHRASES:
        raise ValidationError(_("Give at most %(n)s key phrases.") % {"n": MAX_PHRASES})
    too_long = [p for p in cleaned if len(p) > MAX_PHRASE_LENGTH]
    if too_long:
        raise ValidationError(
            _("A key phrase has at most %(n)s characters: %(phrase)s")
            % {"n": MAX_PHRASE_LENGTH, "phrase": too_long[0]}
        )
    return cleaned


def _free_position(theme: Theme) -> int:
    taken = set(theme.problems.values_list("position", flat=True))
    free = [p for p in range(1, MAX_PROBLEMS_PER_THEME + 1) if p not in taken]
    if not free:
        raise ValidationError(
            _("A theme has at most %(n)s problems.") % {"n": MAX_PROBLEMS_PER_THEME}
        )
    return free[0]


def _shortlisted_numbers(run: SelectionRun, key: str) -> list[str]:
    candidate = run.candidate(key)
    if candidate is None:
        raise ValidationError(_("This run has no such candidate."))
    shortlisted = CandidateDecision.objects.filter(
        run=run, key=key, decision=CandidateDecision.Decision.SHORTLISTED
    ).exists()
    if not shortlisted:
        raise ValidationError(_("Only a shortlisted candidate can become a problem."))
    return [str(number) for number in candidate.get("numbers", [])]


def _check_leader(leader: User) -> None:
    if not leader.role_assignments.filter(role=Role.LEADER).exists():
        raise ValidationError(_("The responsible leader must hold the municipal leader role."))


def _check_lead(lead: Organisation) -> None:
    if lead.kind not in LEAD_KINDS:
        raise ValidationError(
            _(
                "The lead department must be a municipal department, a public-service company or a district government."
            )
        )


def _cooperating(units: Iterable[Organisation], lead: Organisation) -> list[Organisation]:
    chosen = list(units)
    if any(unit.pk == lead.pk for unit in chosen):
        raise ValidationError(_("The lead department cannot also be a cooperating unit."))
    return chosen


def _definition(facts: dict[str, Any]) -> tuple[Any, ...]:
    return facts["categories"], facts["places"], facts["key_phrases"]


# --- action plan, policies, progress ----------------------------------------------------------


def add_task(
    *,
    actor: User,
    problem: Problem,
    title: str,
    owner: str,
    due: dt.date,
    meeting: Meeting | None = None,
) -> Task:
    access.require(actor, REPORT, problem)
    if meeting is not None and meeting.plan_id != problem.theme.plan_id:
        raise ValidationError(_("The meeting belongs to another year's programme."))
    with transaction.atomic():
        task = Task.objects.create(
            problem=problem, title=title.strip(), owner=owner.strip(), due=due, meeting=meeting
        )
        record(action="monthly.add_task", target=task, actor=actor, after=_facts(task))
    return task


def set_task_status(*, actor: User, task: Task, status: str, on: dt.date | None = None) -> Task:
    access.require(actor, REPORT, task)
    if status not in Task.Status.values:
        raise ValidationError(_("Choose a status of the list."))
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        before = _facts(locked)
        locked.status = status
        locked.done_on = (on or today()) if status == Task.Status.DONE else None
        locked.save(update_fields=["status", "done_on"])
        record(
            action="monthly.set_task_status",
            target=locked,
            actor=actor,
            before=before,
            after=_facts(locked),
        )
    return locked


def add_policy(
    *,
    actor: User,
    problem: Problem,
    title: str,
    issued_by: str,
    issued_on: dt.date,
    reference: str = "",
    url: str = "",
) -> Policy:
    access.require(actor, REPORT, problem)
    with transaction.atomic():
        policy = Policy.objects.create(
            problem=problem,
            title=title.strip(),
            issued_by=issued_by.strip(),
            issued_on=issued_on,
            reference=reference.strip(),
            url=url.strip(),
        )
        record(action="monthly.add_policy", target=policy, actor=actor, after=_facts(policy))
    return policy


def add_document(
    *, actor: User, problem: Problem, title: str, document: CleanDocument
) -> ProblemDocument:
    """Keep a checked PDF or cleaned picture with the problem (``core.uploads``)."""
    access.require(actor, ADD_DOCUMENT, problem)
    if not title.strip():
        raise ValidationError(_("Give the document a title."))
    with files_undone_on_failure(), transaction.atomic():
        added = ProblemDocument.objects.create(
            problem=problem, title=title.strip(), **store_upload(DOCUMENTS, document, actor=actor)
        )
        record(
            action="monthly.add_document",
            target=added,
            actor=actor,
            after={"title": added.title, "type": added.content_type, "size": added.size},
        )
    return added


def add_note(*, actor: User, problem: Problem, text: str) -> ProgressNote:
    access.require(actor, REPORT, problem)
    if not text.strip():
        raise ValidationError(_("Write what has been done."))
    with transaction.atomic():
        note = ProgressNote.objects.create(problem=problem, text=text.strip(), written_by=actor)
        record(action="monthly.add_note", target=note, actor=actor, after={"text": note.text})
    return note


# --- meetings and supervision -----------------------------------------------------------------


def record_meeting(
    *,
    actor: User,
    plan: Plan,
    held_on: dt.date,
    attendees: str,
    decisions: str,
    theme: Theme | None = None,
    chaired_by: str = "",
) -> Meeting:
    access.require(actor, EDIT)
    if theme is not None and theme.plan_id != plan.pk:
        raise ValidationError(_("The theme belongs to another year's programme."))
    with transaction.atomic():
        meeting = Meeting.objects.create(
            plan=plan,
            theme=theme,
            held_on=held_on,
            chaired_by=chaired_by.strip(),
            attendees=attendees.strip(),
            decisions=decisions.strip(),
            created_by=actor,
        )
        record(action="monthly.record_meeting", target=meeting, actor=actor, after=_facts(meeting))
    return meeting


def open_supervision(
    *,
    actor: User,
    problem: Problem,
    title: str,
    deadline: dt.date,
    demand: str = "",
    task: Task | None = None,
) -> SupervisionItem:
    access.require(actor, EDIT)
    if task is not None and task.problem_id != problem.pk:
        raise ValidationError(_("The task belongs to another problem."))
    with transaction.atomic():
        item = SupervisionItem.objects.create(
            problem=problem,
            task=task,
            title=title.strip(),
            demand=demand.strip(),
            deadline=deadline,
            created_by=actor,
        )
        record(action="monthly.open_supervision", target=item, actor=actor, after=_facts(item))
    return item


def close_supervision(
    *, actor: User, item: SupervisionItem, result: str, on: dt.date | None = None
) -> SupervisionItem:
    """The lead department reports the item done, with what was achieved."""
    access.require(actor, REPORT, item)
    if not result.strip():
        raise ValidationError(_("Say what was achieved."))
    with transaction.atomic():
        locked = SupervisionItem.objects.select_for_update().get(pk=item.pk)
        if locked.status == SupervisionItem.Status.DONE:
            raise ValidationError(_("This supervision item is already closed."))
        before = _facts(locked)
        locked.status, locked.result = SupervisionItem.Status.DONE, result.strip()
        locked.closed_on = on or today()
        locked.save(update_fields=["status", "result", "closed_on"])
        record(
            action="monthly.close_supervision",
            target=locked,
            actor=actor,
            before=before,
            after=_facts(locked),
        )
    return locked


def escalate_overdue(*, on: dt.date | None = None) -> dict[str, int]:
    """Escalate open items past their deadline: first the lead department, then the leader."""
    day = on or today()
    to_leader = dt.timedelta(days=programme_settings()["ESCALATE_TO_LEADER_AFTER_DAYS"])
    counts = {"department": 0, "leader": 0}
    with transaction.atomic():
        overdue = SupervisionItem.objects.select_for_update().filter(
            status=SupervisionItem.Status.OPEN, deadline__lt=day
        )
        for item in overdue.exclude(escalation=SupervisionItem.Escalation.LEADER):
            level = (
                SupervisionItem.Escalation.LEADER
                if item.deadline + to_leader < day
                else SupervisionItem.Escalation.DEPARTMENT
            )
            if level <= item.escalation:
                continue
            before = _facts(item)
            item.escalation, item.escalated_on = level, day
            item.save(update_fields=["escalation", "escalated_on"])
            counts["leader" if level == SupervisionItem.Escalation.LEADER else "department"] += 1
            record(
                action="monthly.escalate_supervision",
                target=item,
                actor=None,
                before=before,
                after=_facts(item),
            )
    return counts


# --- audit facts ------------------------------------------------------------------------------

MANY_TO_MANY = {"cooperating_units", "categories", "places"}


def _facts(obj: models.Model) -> dict[str, Any]:
    """The object's own fields as the audit log keeps them (relations by id)."""
    facts: dict[str, Any] = {}
    for field_ in obj._meta.concrete_fields:
        if field_.name in {"id", "created_at", "updated_at", "matched_up_to"}:
            continue
        facts[field_.name] = getattr(obj, field_.attname)
    for name in MANY_TO_MANY:
        if hasattr(obj, name) and obj.pk is not None:
            facts[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return facts
