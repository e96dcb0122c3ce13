"""What the 12345 hotline tells people (registered with the notifications app).

The caller hears by text message (the case number at once, the reply when the unit has
handled it); handling units hear of new, returned and late cases, escalating to the unit above
when a case is a day overdue; dispatchers hear of returned cases and reclassification requests.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng.jobs.schedule import every
from minsheng.notifications.models import Channel
from minsheng.notifications.registry import Kind, Occurrence, follow
from minsheng.notifications.registry import register_kind as add
from minsheng.notifications.rendering import bilingual
from minsheng.notifications.sending import Phone, notify
from minsheng.people.models import Organisation, RoleAssignment, User
from minsheng.people.roles import Role
from minsheng.regions.models import Region

STAFF_CHANNELS = (Channel.EMAIL, Channel.PUSH, Channel.WECHAT)
# The unit above is told when a case is this late (its "head": the parent organisation, or the
# district's administrators for a unit without one).
ESCALATE_AFTER = dt.timedelta(days=1)
# Units hear that a deadline is near this long before it.
DEADLINE_NEAR = dt.timedelta(hours=24)

add(
    Kind(
        "hotline.case_received",
        _("Your 12345 request was received (to the caller)"),
        _("Your request to 12345 was received. Case number: %(number)s."),
        channels=(Channel.SMS,),
    ),
    Kind(
        "hotline.case_replied",
        _("Your 12345 request was handled (to the caller)"),
        _("Case %(number)s was handled: %(result)s. Tell us how it went: %(survey)s"),
        channels=(Channel.SMS,),
    ),
    Kind(
        "hotline.dispatched",
        _("A case was dispatched to your unit"),
        _("New case %(number)s for your unit: %(title)s"),
        _("Accept it or return it. Respond by %(response_due)s, handle by %(handling_due)s."),
        channels=STAFF_CHANNELS,
    ),
    Kind(
        "hotline.returned",
        _("A unit returned a case"),
        _("Case %(number)s was returned by %(unit)s"),
        _("Reason: %(reason)s"),
        channels=STAFF_CHANNELS,
    ),
    Kind(
        "hotline.reclassification_requested",
        _("A unit asks to reclassify a case"),
        _("%(unit)s asks to reclassify case %(number)s"),
        _("Reason: %(reason)s. Correct the case, then dispatch it again."),
        channels=STAFF_CHANNELS,
    ),
    Kind(
        "hotline.supplemented",
        _("The caller added information to a case"),
        _("The caller added information to case %(number)s"),
        "%(note)s",  # the caller's own words, in their language
        channels=STAFF_CHANNELS,
    ),
    Kind(
        "hotline.deadline_near",
        _("A case's deadline is near"),
        _("Case %(number)s must be handled by %(handling_due)s"),
        channels=STAFF_CHANNELS,
    ),
    Kind(
        "hotline.urged",
        _("Your unit's case was urged or put under supervision"),
        _("Case %(number)s: %(urging)s"),
        _("%(reason)s Handle it by %(handling_due)s."),
        channels=STAFF_CHANNELS,
    ),
    Kind(
        "hotline.overdue",
        _("A case is overdue"),
        _("Case %(number)s is overdue (deadline %(handling_due)s)"),
        _("Lead unit: %(unit)s."),
        channels=(Channel.SMS, *STAFF_CHANNELS),
    ),
)


# --- Who --------------------------------------------------------------------------------------


def unit_staff(*units: Organisation | None) -> list[User]:
    ids = [unit.pk for unit in units if unit is not None]
    holders = RoleAssignment.objects.filter(
        organisation_id__in=ids, role__in=(Role.UNIT_STAFF, Role.DEPARTMENT_STAFF)
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=holders, is_active=True))


def head_of(case: Any) -> list[User]:
    """Who is above the lead unit: its parent organisation, or the district's administrators."""
    unit = case.lead_unit
    if unit is not None and unit.parent_id:
        return unit_staff(unit.parent)
    district = case.region_path.split(".")[:2]
    if len(district) < 2 or not district[1]:
        return []
    path = ".".join(district) + "."
    holders = RoleAssignment.objects.filter(
        role=Role.DISTRICT_ADMIN, region__path=path
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=holders, is_active=True))


def dispatchers_of(case: Any) -> list[User]:
    """The dispatcher who last dispatched the case, or else those whose area holds it."""
    from minsheng.hotline.models import CaseEvent

    last = (
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DISPATCHED, actor__isnull=False)
        .order_by("-at", "-id")
        .select_related("actor")
        .first()
    )
    if last is not None and last.actor is not None:
        return [last.actor]
    paths = _prefixes(case.region_path)
    holders = RoleAssignment.objects.filter(
        role=Role.DISPATCHER, region__path__in=paths
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=holders, is_active=True))


def _prefixes(path: str) -> list[str]:
    parts = [part for part in path.split(".") if part]
    return [".".join(parts[: n + 1]) + "." for n in range(len(parts))] or [
        Region.objects.filter(level=Region.Level.CITY).values_list("path", flat=True).first() or ""
    ]


# --- What -------------------------------------------------------------------------------------


def facts(case: Any) -> dict[str, Any]:
    return {
        "number": case.number,
        "title": case.title or case.content[:30],
        "unit": bilingual(case.lead_unit) if case.lead_unit_id else "",
        "response_due": case.response_due.isoformat() if case.response_due else "",
        "handling_due": case.handling_due.isoformat() if case.handling_due else "",
    }


def _case(happened: Occurrence) -> Any:
    from minsheng.hotline.models import Case

    if not isinstance(happened.target, Case):
        return None
    return Case.objects.select_related("lead_unit").get(pk=happened.target.pk)


def _tell(
    kind: str,
    case: Any,
    recipients: list[Any],
    *,
    key: str,
    at: dt.datetime,
    urgent: bool = False,
    **extra: Any,
) -> None:
    notify(
        kind=kind,
        recipients=recipients,
        payload={**facts(case), **extra},
        link=reverse("hotline:case", args=[case.number]),
        urgent=urgent,
        key=key,
        region_path=case.region_path,
        at=at,
    )


def caller(case: Any) -> list[Phone]:
    return [Phone(case.caller_phone)] if case.caller_phone else []


@follow("hotline.receive_case")
def received(happened: Occurrence) -> None:
    case = _case(happened)
    if case is None or not case.caller_phone:
        return
    # The caller's number and the link are for the caller only: no link to a staff page.
    notify(
        kind="hotline.case_received",
        recipients=caller(case),
        payload={"number": case.number},
        key=f"hotline.case_received:{case.pk}",
        region_path=case.region_path,
        at=happened.at,
    )


@follow("hotline.dispatch_case")
def dispatched(happened: Occurrence) -> None:
    from minsheng.hotline.models import CoHandler

    case = _case(happened)
    if case is None or case.lead_unit is None:
        return
    cooperating = Organisation.objects.filter(
        pk__in=CoHandler.objects.filter(case=case).values("organisation_id")
    )
    _tell(
        "hotline.dispatched",
        case,
        unit_staff(case.lead_unit, *cooperating),
        key=f"hotline.dispatched:{happened.entry_id}",
        at=happened.at,
    )


@follow("hotline.return_case")
def returned(happened: Occurrence) -> None:
    case = _case(happened)
    if case is None:
        return
    unit = Organisation.objects.filter(code=happened.before.get("unit", "")).first()
    reclassify = bool(happened.after.get("reclassify"))
    kind = "hotline.reclassification_requested" if reclassify else "hotline.returned"
    _tell(
        kind,
        case,
        dispatchers_of(case),
        key=f"{kind}:{happened.entry_id}",
        at=happened.at,
        unit=bilingual(unit) if unit else "",
        reason=happened.note,
    )


@follow("hotline.add_information")
def supplemented(happened: Occurrence) -> None:
    case = _case(happened)
    if case is None or case.lead_unit is None:
        return
    _tell(
        "hotline.supplemented",
        case,
        unit_staff(case.lead_unit),
        key=f"hotline.supplemented:{happened.entry_id}",
        at=happened.at,
        note=happened.note,
    )


@follow("hotline.handled")
def replied(happened: Occurrence) -> None:
    case = _case(happened)
    if case is None or not case.caller_phone:
        return
    from minsheng.hotline.residents.links import case_token
    from minsheng.notifications.rendering import absolute_url

    # The resident's own page of the case: the reply, the photos, and the survey that counts.
    # The link works for HOTLINE_CASE_LINK_DAYS days (then: the number and a code).
    link = absolute_url(reverse("residents:link", args=[case_token(case.number)]))
    notify(
        kind="hotline.case_replied",
        recipients=caller(case),
        payload={
            "number": case.number,
            "result": _result(case),
            "survey": link,
        },
        key=f"hotline.case_replied:{happened.entry_id}",
        region_path=case.region_path,
        at=happened.at,
    )


def _result(case: Any) -> dict[str, str]:
    from minsheng.hotline.models import Result

    return bilingual(Result(case.result).label) if case.result else {"zh-hans": "", "en": ""}


# Each urging is recorded as ``hotline.urge_<kind>`` (``urging._urge``).
URGING_ACTIONS = ("amber", "red", "urging", "supervision")


def urged(happened: Occurrence) -> None:
    """The urged unit hears of it; at red its head does (``urging.notify_unit`` keeps the event)."""
    from minsheng.hotline.urging import Urging

    case = _case(happened)
    if case is None:
        return
    urging = (
        Urging.objects.filter(case=case, kind=happened.after.get("kind", ""))
        .select_related("unit", "unit__parent")
        .order_by("-at", "-id")
        .first()
    )
    if urging is None:
        return
    to_head = urging.kind == Urging.Kind.RED
    recipients = head_of(case) if to_head else unit_staff(urging.unit)
    _tell(
        "hotline.urged",
        case,
        recipients,
        key=f"hotline.urged:{happened.entry_id}",
        at=happened.at,
        urgent=urging.kind in (Urging.Kind.RED, Urging.Kind.SUPERVISION),
        urging=bilingual(Urging.Kind(urging.kind).label),
        reason=urging.reason,
    )


for _kind in URGING_ACTIONS:
    follow(f"hotline.urge_{_kind}")(urged)


# --- Periodic ---------------------------------------------------------------------------------


@every(name="hotline.notify_deadlines", minutes=30)
def deadlines() -> None:
    warn_deadlines(now=timezone.now())


def warn_deadlines(*, now: dt.datetime) -> int:
    """Units hear of deadlines within a day and of overdue cases; a day late, their head too."""
    from minsheng.hotline.models import WITH_UNIT, Case

    told = 0
    open_cases = Case.objects.filter(status__in=WITH_UNIT, handled_at__isnull=True).select_related(
        "lead_unit", "lead_unit__parent"
    )
    near = open_cases.filter(handling_due__gt=now, handling_due__lte=now + DEADLINE_NEAR)
    for case in near:
        _tell(
            "hotline.deadline_near",
            case,
            unit_staff(case.lead_unit),
            key=f"hotline.deadline_near:{case.pk}:{case.handling_due:%Y%m%d%H%M}",
            at=now,
        )
        told += 1
    for case in open_cases.filter(Q(handling_due__lte=now)):
        due = case.handling_due
        key = f"hotline.overdue:{case.pk}:{due:%Y%m%d%H%M}"
        _tell("hotline.overdue", case, unit_staff(case.lead_unit), key=key, at=now)
        if due is not None and now - due >= ESCALATE_AFTER:
            _tell("hotline.overdue", case, head_of(case), key=f"{key}:head", at=now, urgent=True)
        told += 1
    return told
