"""What residents do themselves, without staff: report a request online, prove a case is theirs,
add information or photos to it. Every case still comes in through ``receive_case``, the one
way a case is born (same numbering, deadlines, dispatch and audit as a call).

A resident proves they hold the phone by a code texted to it (``people.verification``); the code
is checked only after everything else in the request is valid, so a mistake in the form does
not use the code up.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.audit.actions import record
from minsheng.audit.context import current
from minsheng.audit.models import AuditEntry
from minsheng.core import identity
from minsheng.hotline import attachments, callers, conf
from minsheng.hotline.actions.cases import EventKind, _event, _locked, receive_case
from minsheng.hotline.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    Category,
    Channel,
    Kind,
    TrackingKey,
)
from minsheng.hotline.residents import links
from minsheng.people import verification
from minsheng.people.models import User
from minsheng.regions.models import Region

REPORT_PURPOSE = "hotline.report"
TRACK_PURPOSE = "hotline.track"
# A resident may report this many requests online in a day (each also needs a fresh code).
REPORTS_PER_DAY = 5
MAX_CONTENT = 2000
RESIDENT_KINDS = (Kind.COMPLAINT, Kind.HELP, Kind.CONSULTATION, Kind.SUGGESTION, Kind.PRAISE)


@dataclass(frozen=True)
class Reported:
    """The new case and, for a report without a phone, its key (shown once, never stored)."""

    case: Case
    key: str = ""


def send_report_code(*, phone: str) -> None:
    verification.send_code(phone=phone, purpose=REPORT_PURPOSE)


def report_case(
    *,
    phone: str,
    code: str,
    name: str,
    kind: str,
    content: str,
    anonymous: bool = False,
    category: Category | None = None,
    district: Region | None = None,
    subdistrict: Region | None = None,
    address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    photos: Sequence[Any] = (),
    person: User | None = None,
    now: dt.datetime | None = None,
) -> Reported:
    """A resident's request on the ``web`` channel; the number is texted to them on commit.

    An anonymous report keeps no name; a kind in ``HOTLINE_ANONYMOUS_KINDS`` may also come
    without a phone, and then gets a key to follow it instead of a code."""
    now = now or timezone.now()
    without_phone = not phone.strip()
    _check_report(
        kind=kind, content=content, name=name, anonymous=anonymous, phone=phone, code=code
    )
    number = "" if without_phone else identity.parse_mobile(phone)
    cleaned = attachments.clean_photos(photos)
    if without_phone:
        _check_anonymous_flood(now)
    else:
        _check_flood(number, now)
        verification.check_code(phone=number, purpose=REPORT_PURPOSE, code=code, now=now)
    with attachments.files_undone_on_failure(), transaction.atomic():
        case = receive_case(
            actor=None,
            content=content,
            received_at=now,
            channel=Channel.WEB,
            kind=kind,
            caller_name="" if anonymous else name,
            caller_phone=number,
            district=district,
            subdistrict=subdistrict,
            address=address,
            latitude=latitude,
            longitude=longitude,
            category=category,
            source="web",
            note=_("Reported online by the resident."),
            anonymous=anonymous,
        )
        received = case.events.get(kind=EventKind.RECEIVED)
        attachments.store_photos(
            case, cleaned, role=CaseAttachment.Role.RESIDENT, event=received, actor=person
        )
        key = _give_key(case) if without_phone else ""
        if anonymous:
            record(
                action="hotline.report_anonymously",
                target=case,
                actor=None,
                after={"kind": kind, "phone": not without_phone},
            )
    return Reported(case, key)


def _give_key(case: Case) -> str:
    key = links.new_key()
    TrackingKey.objects.create(case=case, key_hash=links.key_hash(key))
    return key


def _check_report(
    *, kind: str, content: str, name: str, anonymous: bool, phone: str, code: str
) -> None:
    errors: dict[str, str] = {}
    if kind not in RESIDENT_KINDS:
        errors["kind"] = _("Choose what kind of request this is.")
    if not content.strip():
        errors["content"] = _("Describe the problem or what you ask for.")
    elif len(content) > MAX_CONTENT:
        errors["content"] = _("Use at most %(count)d characters.") % {"count": MAX_CONTENT}
    if not anonymous and not name.strip():
        errors["name"] = _("Give your name, so that the unit can address you.")
    if not phone.strip() and not anonymous:
        errors["phone"] = _("Give your mobile phone: the code and the reply are sent to it.")
    elif not phone.strip() and kind in RESIDENT_KINDS and kind not in conf.anonymous_kinds():
        errors["phone"] = _(
            "%(kind)s needs your mobile phone, even when anonymous: the unit calls you back. "
            "Your name is not kept."
        ) % {"kind": Kind(kind).label}
    elif phone.strip() and not code.strip():
        errors["code"] = _("Type the code texted to your phone.")
    if errors:
        raise ValidationError(errors)


def _check_anonymous_flood(now: dt.datetime) -> None:
    """Without a phone, an address may report as many requests a day as a phone may."""
    ip = current().ip
    if ip is None:
        return
    recent = AuditEntry.objects.filter(
        action="hotline.report_anonymously", ip=ip, at__gt=now - dt.timedelta(days=1)
    )
    if recent.count() >= REPORTS_PER_DAY:
        raise verification.TooManyCodes(
            _("Too many anonymous requests were reported from this address today. Call 12345."),
            code="report_limit",
        )


def _check_flood(number: str, now: dt.datetime) -> None:
    recent = Case.objects.filter(
        caller_phone_hash=callers.phone_hash(number),
        channel=Channel.WEB,
        received_at__gt=now - dt.timedelta(days=1),
    )
    if recent.count() >= REPORTS_PER_DAY:
        raise verification.TooManyCodes(
            _("This phone has reported %(count)d requests today. Call 12345 for more.")
            % {"count": REPORTS_PER_DAY},
            code="report_limit",
        )


# --- Following one's own request ------------------------------------------------------------


def _owned(number: str, phone: str) -> Case | None:
    mobile = identity.normalise_mobile(phone)
    return (
        Case.objects.filter(number=number.strip(), caller_phone_hash=callers.phone_hash(mobile))
        .exclude(caller_phone_hash="")
        .first()
    )


def send_track_code(*, number: str, phone: str) -> None:
    """Text a code if the phone is the case's caller's; otherwise quietly do nothing.

    The page says the same either way, so nobody learns whose case a number is.
    """
    identity.parse_mobile(phone)
    if _owned(number, phone) is not None:
        verification.send_code(phone=phone, purpose=TRACK_PURPOSE)


def prove_case(*, number: str, phone: str, code: str) -> Case:
    """The case, once the code texted to its caller's phone is given back."""
    case = _owned(number, phone)
    if case is None:
        raise ValidationError(
            _("No request with this number was made from this phone."), code="not_found"
        )
    verification.check_code(phone=phone, purpose=TRACK_PURPOSE, code=code)
    return case


def prove_case_by_key(*, number: str, key: str) -> Case:
    """The case reported without a phone, once its key is given back."""
    found = TrackingKey.objects.filter(case__number=number.strip()).select_related("case").first()
    if found is None or not hmac.compare_digest(found.key_hash, links.key_hash(key)):
        raise ValidationError(
            _("This key does not belong to a request with this number."), code="not_found"
        )
    return found.case


def add_information(*, case: Case, note: str, photos: Sequence[Any] = ()) -> CaseEvent:
    """The caller adds information or photos to an open request; the lead unit sees it."""
    if not note.strip() and not photos:
        raise ValidationError({"note": _("Write something or add a photo.")})
    if len(note) > MAX_CONTENT:
        raise ValidationError(
            {"note": _("Use at most %(count)d characters.") % {"count": MAX_CONTENT}}
        )
    cleaned = attachments.clean_photos(photos)
    with attachments.files_undone_on_failure(), transaction.atomic():
        case = _locked(case)
        if not case.is_open:
            raise ValidationError(_("This request is closed: call 12345 to raise it again."))
        event = _event(case, EventKind.SUPPLEMENTED, unit=case.lead_unit, note=note.strip())
        attachments.store_photos(
            case, cleaned, role=CaseAttachment.Role.RESIDENT, event=event, actor=None
        )
        record(
            action="hotline.add_information",
            target=case,
            actor=None,
            after={"photos": len(cleaned)},
            note=note.strip()[:200],
        )
    return event
