"""Every change to a case: permission check, one transaction, an event row and an audit row.

Each function locks the case row (``SELECT … FOR UPDATE``), checks the move against the status
map (``states.ALLOWED``, raising :class:`IllegalTransition`), appends a :class:`CaseEvent` and
updates the case's current state. The API answers an illegal move with 409.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.hotline import callers, conf, dispatching, states
from minsheng.hotline.models import (
    RATING_SATISFACTION,
    Case,
    CaseEvent,
    Category,
    CoHandler,
    Kind,
    Result,
    Satisfaction,
    Status,
    Urgency,
)
from minsheng.people.models import Organisation, User
from minsheng.people.roles import Role
from minsheng.regions.models import Region

IllegalTransition = states.IllegalTransition
EventKind = CaseEvent.Kind
HANDLING_UNIT_KINDS = {
    Organisation.Kind.SUBDISTRICT_OFFICE,
    Organisation.Kind.DISTRICT_OFFICE,
    Organisation.Kind.MUNICIPAL_DEPARTMENT,
    Organisation.Kind.PUBLIC_SERVICE_COMPANY,
}


# --- Receiving ----------------------------------------------------------------------------------


# The next number of a day, under the lock of its row in ``hotline_casenumberday``: after the
# last one given and after the highest of the same form already there (imported files number
# cases the same way). Digit strings of one length sort as numbers, so the backward scan of the
# unique index stops at the day's highest.
NEXT_NUMBER_SQL = """
    INSERT INTO hotline_casenumberday AS d (day, last)
    VALUES (%(day)s, 1 + COALESCE((
        SELECT substr(number, 9)::integer FROM hotline_case
        WHERE number BETWEEN %(day)s || '000000' AND %(day)s || '999999'
          AND number ~ '^[0-9]{14}$'
        ORDER BY number DESC LIMIT 1), 0))
    ON CONFLICT (day) DO UPDATE SET last = GREATEST(d.last, EXCLUDED.last - 1) + 1
    RETURNING last
"""
# A number imported meanwhile by another transaction is seen only once it commits: try again.
NUMBER_ATTEMPTS = 5


def next_number(received_at: dt.datetime) -> str:
    """``20261130000123``: the day in Beijing time and the day's six-digit sequence."""
    day = f"{timezone.localtime(received_at):%Y%m%d}"
    with connection.cursor() as cursor:
        cursor.execute(NEXT_NUMBER_SQL, {"day": day})
        (sequence,) = cursor.fetchone()
    return f"{day}{sequence:06d}"


def _save_numbered(case: Case) -> None:
    """Give the new case the day's next number and save it (in the caller's transaction)."""
    for attempt in range(NUMBER_ATTEMPTS):
        case.number = next_number(case.received_at)
        try:
            with transaction.atomic():
                case.save()
            return
        except IntegrityError as error:
            if _constraint(error) != "case_number_unique" or attempt == NUMBER_ATTEMPTS - 1:
                raise


def _constraint(error: IntegrityError) -> str:
    diag = getattr(error.__cause__, "diag", None)
    return str(getattr(diag, "constraint_name", "") or "")


def place_case(
    case: Case, *, district: Region | None, subdistrict: Region | None, community: Region | None
) -> None:
    """Set the case's regions, completing the higher levels from the lowest one given."""
    if community is not None:
        subdistrict = subdistrict or community.parent
        case.community_name = case.community_name or community.name
    if subdistrict is not None:
        district = district or subdistrict.parent
    for lower, higher in ((community, subdistrict), (subdistrict, district)):
        if lower is not None and higher is not None and not lower.path.startswith(higher.path):
            raise ValidationError(
                _("%(lower)s is not in %(higher)s.") % {"lower": lower, "higher": higher}
            )
    case.district, case.subdistrict, case.community = district, subdistrict, community
    lowest = community or subdistrict or district
    case.region_path = lowest.path if lowest is not None else ""


def receive_case(
    *,
    actor: User | None,
    content: str,
    received_at: dt.datetime | None = None,
    channel: str = "phone",
    kind: str = "complaint",
    urgency: str = "normal",
    title: str = "",
    caller_id: str = "",
    caller_name: str = "",
    caller_phone: str = "",
    district: Region | None = None,
    subdistrict: Region | None = None,
    community: Region | None = None,
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    category: Category | None = None,
    source: str = "hotline",
    note: str = "",
    extra: dict[str, Any] | None = None,
    anonymous: bool = False,
) -> Case:
    """Record a new request (by a dispatcher, or by a partner system when ``actor`` is None).

    ``extra`` holds what the source adds (for Open311, the partner that sent the request). An
    ``anonymous`` caller's name is not kept (the database refuses one)."""
    if actor is not None:
        access.require(actor, "hotline.add_case")
    if not content.strip():
        raise ValidationError({"content": _("Write down what the caller asks for.")})
    received_at = received_at or timezone.now()
    case = Case(
        received_at=received_at,
        channel=channel,
        kind=kind,
        urgency=urgency,
        title=title.strip()[:200],
        content=content.strip(),
        address=address.strip()[:300],
        latitude=latitude,
        longitude=longitude,
        category=category,
        source=source,
        extra=extra or {},
        anonymous=anonymous,
    )
    callers.set_caller(
        case, caller_id=caller_id, name="" if anonymous else caller_name, phone=caller_phone
    )
    place_case(case, district=district, subdistrict=subdistrict, community=community)
    case.response_due, case.handling_due = conf.deadlines(kind, urgency, received_at)
    if source == "open311":
        case.open311_token = secrets.token_hex(12)
    case.full_clean(exclude=["number", "caller_name", "caller_phone"])
    with transaction.atomic():
        _save_numbered(case)
        _event(
            case,
            EventKind.RECEIVED,
            actor=actor,
            to_status=Status.RECEIVED,
            note=note,
            at=received_at,
        )
        record(
            action="hotline.receive_case",
            target=case,
            actor=actor,
            after={"number": case.number, "kind": kind, "channel": channel}
            | ({"extra": extra} if extra else {})
            | ({"anonymous": True} if anonymous else {}),
        )
    return case


# --- Dispatching --------------------------------------------------------------------------------


def dispatch_case(
    *,
    actor: User,
    case: Case,
    unit: Organisation,
    cooperating: Iterable[Organisation] = (),
    note: str = "",
) -> Case:
    """Send the case to a lead unit (主办), with optional cooperating units (协办)."""
    access.require(actor, "hotline.dispatch_case", case)
    _require_handling_unit(unit)
    cooperating = [c for c in cooperating if c.pk != unit.pk]
    for other in cooperating:
        _require_handling_unit(other)
    with transaction.atomic():
        case = _locked(case)
        now = timezone.now()
        before = case.status
        states.check(before, Status.DISPATCHED)
        _end_wait(case, actor, case.lead_unit)
        case.lead_unit = unit
        case.dispatched_at = case.dispatched_at or now
        case.status = Status.DISPATCHED
        case.save()
        CoHandler.objects.filter(case=case).exclude(organisation__in=cooperating).delete()
        for other in cooperating:
            CoHandler.objects.get_or_create(
                case=case, organisation=other, defaults={"added_at": now}
            )
        _event(
            case,
            EventKind.DISPATCHED,
            actor=actor,
            unit=unit,
            from_status=before,
            to_status=Status.DISPATCHED,
            note=note,
            data={"cooperating": [c.code for c in cooperating]},
        )
        record(
            action="hotline.dispatch_case",
            target=case,
            actor=actor,
            before={"status": before},
            after={"unit": unit.code, "cooperating": [c.code for c in cooperating]},
            note=note,
        )
    return case


def _require_handling_unit(unit: Organisation) -> None:
    if unit.kind not in HANDLING_UNIT_KINDS or not unit.is_active:
        raise ValidationError(
            {"unit": _("%(unit)s does not handle hotline cases.") % {"unit": unit}}
        )


# --- Correcting before dispatch -----------------------------------------------------------------

# While the dispatcher holds the case, or it awaits the unit's acceptance.
CORRECTABLE = (Status.RECEIVED, Status.RETURNED, Status.DISPATCHED)
CORRECTED_FIELDS = (
    "category",
    "district",
    "subdistrict",
    "community",
    "address",
    "kind",
    "urgency",
    "response_due",
    "handling_due",
)


class CorrectionTooLate(IllegalTransition):
    """The unit has accepted the case: only a return to the dispatcher reopens its classification."""

    def __init__(self, current: str, target: str = "corrected") -> None:
        super().__init__(
            current,
            target,
            _("The case is %(current)s: its unit returns it to have it reclassified.")
            % {"current": Status(current).label},
        )


def correct_case(
    *,
    actor: User,
    case: Case,
    category: Category | None,
    subdistrict: Region | None = None,
    district: Region | None = None,
    community: str = "",
    address: str = "",
    kind: str,
    urgency: str,
    note: str = "",
) -> Case:
    """The dispatcher corrects what a case is about and where: category, place, kind, urgency.

    One event and one audit row record what changed, before and after. The deadlines follow the
    new kind and urgency, counted from the time the case was received (calendar time, as at
    receipt); the dispatch suggestion follows the new category and place (it is computed from
    them) and is noted in the event.
    """
    access.require(actor, "hotline.correct_case", case)
    if kind not in Kind.values or urgency not in Urgency.values:
        raise ValidationError(_("Choose the kind and the urgency."))
    place = subdistrict or district
    if place is not None:
        access.require(actor, "hotline.correct_case", place)
    with transaction.atomic():
        case = _locked(case)
        if case.status not in CORRECTABLE:
            raise CorrectionTooLate(case.status, "corrected")
        before = _classification(case)
        case.category = category
        case.community_name = community.strip()[:100]
        place_case(
            case,
            district=district,
            subdistrict=subdistrict,
            community=_community_region(subdistrict, case.community_name),
        )
        case.address = address.strip()[:300]
        case.kind, case.urgency = kind, urgency
        case.response_due, case.handling_due = conf.deadlines(kind, urgency, case.received_at)
        after = _classification(case)
        changes = {
            name: [before[name], after[name]] for name in before if before[name] != after[name]
        }
        if not changes:
            raise ValidationError(_("Nothing was changed."))
        case.save()
        suggestion = dispatching.suggest(case)
        unit = suggestion.unit.code if suggestion.unit else None
        _event(
            case,
            EventKind.CORRECTED,
            actor=actor,
            from_status=case.status,
            to_status=case.status,
            note=note.strip(),
            data={"changes": changes, "suggestion": unit},
        )
        record(
            action="hotline.correct_case",
            target=case,
            actor=actor,
            before={name: change[0] for name, change in changes.items()},
            after={**{name: change[1] for name, change in changes.items()}, "suggestion": unit},
            note=note.strip(),
        )
    return case


def _classification(case: Case) -> dict[str, str | None]:
    """What a correction may change, as codes and text (for the event and the audit row)."""
    return {
        "category": case.category.code if case.category else None,
        "district": case.district.code if case.district else None,
        "subdistrict": case.subdistrict.code if case.subdistrict else None,
        "community": case.community_name or None,
        "address": case.address or None,
        "kind": case.kind,
        "urgency": case.urgency,
        "response_due": case.response_due.isoformat() if case.response_due else None,
        "handling_due": case.handling_due.isoformat() if case.handling_due else None,
    }


def _community_region(subdistrict: Region | None, name: str) -> Region | None:
    """The community of that name in the sub-district, if the region tree has it."""
    if subdistrict is None or not name:
        return None
    return Region.objects.filter(
        parent=subdistrict, level=Region.Level.COMMUNITY, name=name
    ).first()


def reclassification_request(case: Case) -> dict[str, Any] | None:
    """What the unit that returned the case asked to change, if it did (for the dispatcher)."""
    if case.status != Status.RETURNED:
        return None
    event = case.events.filter(kind=EventKind.RETURNED).order_by("-at", "-id").first()
    if event is None or not event.data.get("reclassify"):
        return None
    wanted = event.data["reclassify"]
    return {
        "unit": event.unit,
        "reason": event.note,
        "category": Category.objects.filter(code=wanted.get("category") or "").first(),
        "place": Region.objects.filter(code=wanted.get("place") or "").first(),
    }


def merge_case(*, actor: User, duplicate: Case, master: Case, note: str = "") -> Case:
    """Close ``duplicate`` as a duplicate of ``master`` (FixMyStreet's distinct end state)."""
    access.require(actor, "hotline.merge_case", duplicate)
    access.require(actor, "hotline.view_case", master)
    if duplicate.pk == master.pk:
        raise ValidationError(_("A case cannot be merged into itself."))
    with transaction.atomic():
        # Lock both in primary-key order so two merges of the same pair cannot deadlock.
        locked = {
            c.pk: c
            for c in Case.objects.select_for_update()
            .filter(pk__in=[duplicate.pk, master.pk])
            .order_by("pk")
        }
        duplicate, master = locked[duplicate.pk], locked[master.pk]
        if master.status == Status.MERGED:
            raise ValidationError(_("%(case)s is itself a duplicate.") % {"case": master})
        before = duplicate.status
        states.check(before, Status.MERGED)
        duplicate.status = Status.MERGED
        duplicate.master = master
        duplicate.closed_at = timezone.now()
        duplicate.save()
        _event(
            duplicate,
            EventKind.MERGED,
            actor=actor,
            from_status=before,
            to_status=Status.MERGED,
            note=note,
            data={"master": master.number},
        )
        _event(
            master,
            EventKind.NOTE,
            actor=actor,
            note=_("Case %(number)s was merged into this one.") % {"number": duplicate.number},
            data={"duplicate": duplicate.number},
        )
        record(
            action="hotline.merge_case",
            target=duplicate,
            actor=actor,
            after={"master": master.number},
            note=note,
        )
    return duplicate


# --- Handling by the unit -----------------------------------------------------------------------


def acting_unit(actor: User, case: Case) -> Organisation:
    """The actor's organisation that leads ``case``; cooperating units cannot move it."""
    access.require(actor, "hotline.handle_case", case)
    organisations = set(
        actor.role_assignments.filter(
            role__in=(Role.UNIT_STAFF, Role.DEPARTMENT_STAFF)
        ).values_list("organisation_id", flat=True)
    )
    if case.lead_unit is None or case.lead_unit.pk not in organisations:
        raise PermissionDenied(_("Only the lead unit can do this."))
    return case.lead_unit


def accept_case(*, actor: User, case: Case, note: str = "") -> Case:
    unit = acting_unit(actor, case)
    return _unit_move(actor, case, unit, Status.ACCEPTED, EventKind.ACCEPTED, note=note)


def return_case(
    *,
    actor: User,
    case: Case,
    reason: str,
    category: Category | None = None,
    place: Region | None = None,
) -> Case:
    """Send the case back to the dispatcher, e.g. because it is not this unit's responsibility.

    The unit may ask for the case to be reclassified: another category, another place. The
    dispatcher sees the request on the case and decides (``correct_case``).
    """
    unit = acting_unit(actor, case)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is returned.")})
    reclassify = {
        key: value
        for key, value in (
            ("category", category.code if category else None),
            ("place", place.code if place else None),
        )
        if value
    }
    with transaction.atomic():
        case = _locked(case)
        before = case.status
        states.check(before, Status.RETURNED)
        _end_wait(case, actor, unit)
        case.status = Status.RETURNED
        case.lead_unit = None
        case.save()
        CoHandler.objects.filter(case=case).delete()
        _event(
            case,
            EventKind.RETURNED,
            actor=actor,
            unit=unit,
            from_status=before,
            to_status=Status.RETURNED,
            note=reason.strip(),
            data={"reclassify": reclassify} if reclassify else {},
        )
        record(
            action="hotline.return_case",
            target=case,
            actor=actor,
            before={"status": before, "unit": unit.code},
            after={"reclassify": reclassify} if reclassify else None,
            note=reason.strip(),
        )
    return case


def record_contact(*, actor: User, case: Case, note: str) -> Case:
    """The unit's first contact with the caller (响应)."""
    unit = acting_unit(actor, case)
    if not note.strip():
        raise ValidationError({"note": _("Note what was said to the caller.")})
    return _unit_move(
        actor, case, unit, Status.RESPONDED, EventKind.RESPONDED, note=note, stamp="responded_at"
    )


def record_result(
    *, actor: User, case: Case, result: str, resolution: str, photos: Sequence[Any] = ()
) -> Case:
    """The unit reports its result (办理结果) and what it did, with photos of the work done."""
    from minsheng.hotline import attachments  # stores files; built on these models

    unit = acting_unit(actor, case)
    errors = {}
    if result not in Result.values:
        errors["result"] = _("Choose the result.")
    if not resolution.strip():
        errors["resolution"] = _("Describe what was done.")
    if errors:
        raise ValidationError(errors)
    cleaned = attachments.clean_photos(photos)
    with attachments.files_undone_on_failure(), transaction.atomic():
        case = _unit_move(
            actor,
            case,
            unit,
            Status.HANDLED,
            EventKind.HANDLED,
            note=resolution,
            stamp="handled_at",
            changes={"result": result, "resolution": resolution.strip()},
        )
        if cleaned:
            handled = case.events.filter(kind=EventKind.HANDLED).order_by("-at", "-id").first()
            attachments.store_photos(case, cleaned, role="after", event=handled, actor=actor)
    return case


# A case whose work was done by another module of the platform may be answered from there.
LINKABLE = frozenset({Status.DISPATCHED, Status.ACCEPTED, Status.RESPONDED})


def record_linked_result(
    *, case: Case, result: str, resolution: str, evidence: dict[str, Any]
) -> Case:
    """A result reached through another part of the platform (a Time Bank service for the
    caller's elder), recorded on behalf of the lead unit with its ``evidence``.

    Nobody acts here: the module that did the work calls this when its own record is final. A
    case not yet contacted passes through "caller contacted", as the status machine requires;
    afterwards the call-back follows as for any handled case.
    """
    if result not in Result.values:
        raise ValidationError({"result": _("Choose the result.")})
    if not resolution.strip():
        raise ValidationError({"resolution": _("Describe what was done.")})
    with transaction.atomic():
        case = _locked(case)
        if case.status not in LINKABLE or case.lead_unit is None:
            raise IllegalTransition(case.status, Status.HANDLED)
        if case.status != Status.RESPONDED:
            _system_move(case, Status.RESPONDED, EventKind.RESPONDED, resolution, evidence, {})
        _system_move(
            case,
            Status.HANDLED,
            EventKind.HANDLED,
            resolution,
            evidence,
            {"result": result, "resolution": resolution.strip()},
        )
    return case


def add_linked_note(*, case: Case, note: str) -> CaseEvent:
    """A note from another part of the platform about work linked to the case (a service
    request that fell through, say), written for the lead unit; nobody acts here."""
    if not note.strip():
        raise ValidationError({"note": _("The note is empty.")})
    with transaction.atomic():
        case = _locked(case)
        event = _event(case, EventKind.NOTE, unit=case.lead_unit, note=note.strip())
        record(action="hotline.add_note", target=case, actor=None, note=note.strip()[:200])
    return event


def _system_move(
    case: Case,
    target: str,
    kind: str,
    note: str,
    evidence: dict[str, Any],
    changes: dict[str, Any],
) -> None:
    before = case.status
    states.check(before, target)
    _end_wait(case, None, case.lead_unit)
    case.status = target
    stamps: dict[str, str] = {Status.RESPONDED: "responded_at", Status.HANDLED: "handled_at"}
    stamp = stamps[target]
    if getattr(case, stamp) is None:
        setattr(case, stamp, timezone.now())
    for name, value in changes.items():
        setattr(case, name, value)
    case.save()
    _event(
        case,
        kind,
        unit=case.lead_unit,
        from_status=before,
        to_status=target,
        note=note.strip(),
        data={**changes, "evidence": evidence},
    )
    record(
        action=f"hotline.{kind}",
        target=case,
        actor=None,
        before={"status": before},
        after={"status": target, **changes, "evidence": evidence},
    )


def _unit_move(
    actor: User,
    case: Case,
    unit: Organisation,
    target: str,
    kind: str,
    *,
    note: str = "",
    stamp: str | None = None,
    changes: dict[str, Any] | None = None,
) -> Case:
    with transaction.atomic():
        case = _locked(case)
        before = case.status
        states.check(before, target)
        _end_wait(case, actor, unit)
        case.status = target
        if stamp and getattr(case, stamp) is None:
            setattr(case, stamp, timezone.now())
        for name, value in (changes or {}).items():
            setattr(case, name, value)
        case.save()
        _event(
            case,
            kind,
            actor=actor,
            unit=unit,
            from_status=before,
            to_status=target,
            note=note.strip(),
            data=changes or {},
        )
        record(
            action=f"hotline.{kind}",
            target=case,
            actor=actor,
            before={"status": before},
            after={"status": target, **(changes or {})},
        )
    return case


# --- Call-back, reopening, exclusion ------------------------------------------------------------


class CallbackMethod:
    PHONE = "phone"
    ONLINE = "online"


def record_callback(
    *,
    actor: User,
    case: Case,
    resolved: bool | None,
    satisfaction: str,
    reopen: bool = False,
    note: str = "",
) -> Case:
    """The call-back survey (回访). Closes the case, or reopens it if the caller disputes it."""
    access.require(actor, "hotline.callback_case", case)
    if reopen and resolved is not False:
        raise ValidationError(
            {"reopen": _("A case is reopened only when the caller says it is not resolved.")}
        )
    return _callback(
        actor, case, resolved, satisfaction, reopen=reopen, note=note, method=CallbackMethod.PHONE
    )


def record_online_callback(*, case: Case, resolved: bool, rating: str, comment: str = "") -> Case:
    """The caller answers the survey online, having proved the case is theirs (a code sent to
    their phone, or the signed link of the reply text). It counts like the telephone call-back:
    the five-level ``rating`` is kept with the answer and counts as its three-level
    satisfaction (``RATING_SATISFACTION``); a case the caller says is not resolved goes back to
    its lead unit, as on the phone."""
    if rating not in RATING_SATISFACTION:
        raise ValidationError({"rating": _("Choose how satisfied you are.")})
    reopen = resolved is False and case.lead_unit_id is not None
    return _callback(
        None,
        case,
        resolved,
        RATING_SATISFACTION[rating],
        reopen=reopen,
        note=comment,
        method=CallbackMethod.ONLINE,
        rating=rating,
    )


def _callback(
    actor: User | None,
    case: Case,
    resolved: bool | None,
    satisfaction: str,
    *,
    reopen: bool,
    note: str,
    method: str,
    rating: str = "",
) -> Case:
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Choose the caller's answer.")})
    with transaction.atomic():
        case = _locked(case)
        before = case.status
        target = Status.ACCEPTED if reopen else Status.CLOSED
        if method == CallbackMethod.ONLINE and before != Status.HANDLED:
            raise IllegalTransition(
                before, target, _("This request is not waiting for your answer.")
            )
        states.check(before, target)
        if target == Status.CLOSED and before != Status.HANDLED:
            # Received → closed is the answer on the call (knowledge.actions), not a call-back.
            raise IllegalTransition(before, target)
        now = timezone.now()
        case.callback_resolved = resolved
        case.satisfaction = satisfaction
        answers = {"resolved": resolved, "satisfaction": satisfaction, "method": method}
        if rating:
            answers["rating"] = rating
        _event(
            case,
            EventKind.SURVEYED,
            actor=actor,
            from_status=before,
            to_status=target,
            note=note.strip()[:2000],
            data=answers,
        )
        if reopen:
            _reopen(case, actor, note)
        else:
            case.status = Status.CLOSED
            case.closed_at = now
            _event(case, EventKind.CLOSED, actor=actor, from_status=before, to_status=Status.CLOSED)
        case.save()
        record(
            action="hotline.record_callback",
            target=case,
            actor=actor,
            before={"status": before},
            after={"status": case.status, **answers},
        )
    return case


def reopen_case(*, actor: User, case: Case, note: str) -> Case:
    """The caller disputes a closed case: it goes back to the lead unit."""
    access.require(actor, "hotline.reopen_case", case)
    if not note.strip():
        raise ValidationError({"note": _("Note what the caller disputes.")})
    with transaction.atomic():
        case = _locked(case)
        before = case.status
        states.check(before, Status.ACCEPTED)
        if case.lead_unit_id is None:
            raise ValidationError(_("This case has no unit to go back to."))
        _reopen(case, actor, note)
        case.save()
        record(
            action="hotline.reopen_case",
            target=case,
            actor=actor,
            before={"status": before},
            note=note.strip(),
        )
    return case


def _reopen(case: Case, actor: User | None, note: str) -> None:
    before = case.status
    case.status = Status.ACCEPTED
    case.handled_at = None
    case.closed_at = None
    case.result = ""
    _event(
        case,
        EventKind.REOPENED,
        actor=actor,
        unit=case.lead_unit,
        from_status=before,
        to_status=Status.ACCEPTED,
        note=note.strip()[:2000],
    )


def exclude_case(*, actor: User, case: Case, reason: str) -> Case:
    """Mark an unreasonable demand: it stays visible but no longer counts in the rates."""
    access.require(actor, "hotline.exclude_case", case)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this demand is unreasonable.")})
    return _set_exclusion(actor, case, True, reason.strip())


def include_case(*, actor: User, case: Case, reason: str) -> Case:
    access.require(actor, "hotline.exclude_case", case)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case counts again.")})
    return _set_exclusion(actor, case, False, reason.strip())


def _set_exclusion(actor: User, case: Case, excluded: bool, reason: str) -> Case:
    limit = Case._meta.get_field("exclusion_reason").max_length or 0
    if len(reason) > limit:
        raise ValidationError({"reason": _("Use at most %(count)d characters.") % {"count": limit}})
    with transaction.atomic():
        case = _locked(case)
        if case.excluded == excluded:
            return case
        before = {"excluded": case.excluded, "reason": case.exclusion_reason}
        case.excluded = excluded
        case.exclusion_reason = reason if excluded else ""
        case.save(update_fields=["excluded", "exclusion_reason", "updated_at"])
        kind = EventKind.EXCLUDED if excluded else EventKind.INCLUDED
        _event(case, kind, actor=actor, note=reason)
        record(
            action=f"hotline.{kind}",
            target=case,
            actor=actor,
            before=before,
            after={"excluded": excluded},
            note=reason,
        )
    return case


def add_note(*, actor: User, case: Case, note: str) -> CaseEvent:
    """A note by anyone who works on the case (a cooperating unit reporting its part, say)."""
    access.require(actor, "hotline.view_case", case)
    if not (
        access.can(actor, "hotline.handle_case", case)
        or access.can(actor, "hotline.dispatch_case", case)
    ):
        raise PermissionDenied(_("You do not work on this case."))
    if not note.strip():
        raise ValidationError({"note": _("The note is empty.")})
    with transaction.atomic():
        event = _event(
            _locked(case),
            EventKind.NOTE,
            actor=actor,
            unit=_unit_on(actor, case),
            note=note.strip(),
        )
        record(action="hotline.add_note", target=case, actor=actor, note=note.strip()[:200])
    return event


def _unit_on(actor: User, case: Case) -> Organisation | None:
    """The actor's organisation that leads or cooperates on the case (whose reply a note is)."""
    mine = actor.role_assignments.filter(
        role__in=(Role.UNIT_STAFF, Role.DEPARTMENT_STAFF), organisation__isnull=False
    ).values_list("organisation_id", flat=True)
    if case.lead_unit_id in set(mine):
        return case.lead_unit
    cooperating = CoHandler.objects.filter(case=case, organisation_id__in=mine)
    found = cooperating.select_related("organisation").first()
    return found.organisation if found else None


def reveal_caller(*, viewer: User, case: Case) -> dict[str, str]:
    """The caller's name and phone in clear, for calling back; every reveal is audited."""
    access.require(viewer, "hotline.view_caller", case)
    with transaction.atomic():
        record(action="hotline.reveal_caller", target=case, actor=viewer)
    return {"name": case.caller_name, "phone": case.caller_phone}


# --- Helpers ------------------------------------------------------------------------------------


def _end_wait(case: Case, actor: User | None, unit: Organisation | None) -> None:
    """A case that moves on no longer waits for the caller: its clock runs again."""
    if case.waiting_since is not None:
        from minsheng.hotline import waiting  # built on this module's helpers

        waiting.end_wait(case, actor=actor, unit=unit)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("lead_unit").get(pk=case.pk)


def _event(
    case: Case,
    kind: str,
    *,
    actor: User | None = None,
    unit: Organisation | None = None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        at=at or timezone.now(),
        actor=actor,
        unit=unit,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )
