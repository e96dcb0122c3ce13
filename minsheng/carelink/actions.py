"""Turning a case into service, and answering the case once the service is settled."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.carelink.models import ONE_CASE_PER_ORDER, ONE_LINK_PER_CASE, CareLink
from minsheng.core.errors import Refused
from minsheng.hotline import actions as hotline
from minsheng.hotline.models import Case, Result
from minsheng.timebank.actions.orders import post_order
from minsheng.timebank.models import OrderState, ServiceItem, ServiceOrder
from minsheng.timebank.presence.models import PresenceCheck

# The taxonomy's eldercare branch (养老服务: home care, care stations): cases a volunteer can serve.
ELDERCARE_CATEGORY_PREFIXES = ("1901",)
# How the settlement was confirmed, by the Time Bank action that settled it.
CONFIRMED_BY = {
    "timebank.confirm_order": "elder",
    "timebank.auto_confirm": "automatic",
    "timebank.decide_dispute": "station",
}


# Time Bank actions that end a request without service, and what the case's note says.
FELL_THROUGH = ("timebank.reject_order", "timebank.cancel", "timebank.no_show")


class CareLinkRefused(Refused):
    code = "conflict"


def is_eldercare(case: Case) -> bool:
    return case.category is not None and case.category.code.startswith(ELDERCARE_CATEGORY_PREFIXES)


def may_turn_into_service(user: Any, case: Case) -> bool:
    """Whether the page offers the action: the right, the category, the status, no link yet."""
    return (
        access.can(user, "carelink.turn_into_service", case)
        and is_eldercare(case)
        and case.status in hotline.LINKABLE
        and not CareLink.objects.filter(case=case).exists()
    )


def turn_case_into_service(
    *,
    actor: Any,
    case: Case,
    elder: Any,
    item: ServiceItem,
    starts_at: dt.datetime,
    duration_minutes: int,
    consent_given_by: str,
    consent_method: str,
    consent_note: str = "",
    description: str = "",
) -> CareLink:
    """Post a Time Bank request for ``elder`` at their station from an eldercare case."""
    access.require(actor, "carelink.turn_into_service", case)
    _refuse_unsuitable(case, consent_given_by, consent_method)
    with transaction.atomic():
        order = post_order(
            actor=actor,
            beneficiary=elder,
            item=item,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            description=description.strip() or case.content[:500],
            permission="carelink.post_for_case",
        )
        link = _create_link(
            case=case,
            order=order,
            elder=elder,
            consent_given_by=consent_given_by,
            consent_method=consent_method,
            consent_note=consent_note.strip(),
            linked_by=actor,
        )
        hotline.add_note(
            actor=actor,
            case=case,
            note=_in_platform_language(
                lambda: (
                    _("Turned into Time Bank service request %(reference)s for %(elder)s.")
                    % {"reference": order.reference, "elder": elder.name}
                )
            ),
        )
        record(
            action="carelink.turn_into_service",
            target=link,
            actor=actor,
            after={
                "case": case.number,
                "order": order.pk,
                "elder": elder.pk,
                "consent_given_by": consent_given_by,
                "consent_method": consent_method,
            },
        )
    return link


def _refuse_unsuitable(case: Case, consent_given_by: str, consent_method: str) -> None:
    if not is_eldercare(case):
        raise CareLinkRefused(_("Only cases in the eldercare categories become service requests."))
    if case.status not in hotline.LINKABLE or case.lead_unit_id is None:
        raise CareLinkRefused(
            _("Dispatch the case to the sub-district first; then it can become a service request.")
        )
    if (
        consent_given_by not in CareLink.ConsentGivenBy.values
        or consent_method not in CareLink.ConsentMethod.values
    ):
        raise CareLinkRefused(_("Record who gave the elder's consent, and how."))
    if CareLink.objects.filter(case=case).exists():
        raise CareLinkRefused(already_linked_message())


def already_linked_message() -> str:
    return _("This case has already become a service request.")


def _create_link(**fields: Any) -> CareLink:
    # The check above gives the usual message; the constraint settles two clicks at once.
    try:
        with transaction.atomic():
            return CareLink.objects.create(**fields)
    except IntegrityError as error:
        if ONE_LINK_PER_CASE in str(error) or ONE_CASE_PER_ORDER in str(error):
            raise CareLinkRefused(already_linked_message()) from error
        raise


def answer_case_from_service(*, order: ServiceOrder, settled_by: str) -> CareLink | None:
    """Report a settled service on the case it came from, with its evidence (once)."""
    if order.state != OrderState.SETTLED:
        return None
    with transaction.atomic():
        link = (
            CareLink.objects.select_for_update(of=("self",))
            .select_related("case", "order__volunteer", "elder")
            .filter(order=order)
            .first()
        )
        if link is None or link.answered_at is not None:
            return None
        evidence = service_evidence(link.order, settled_by)
        moved = _answer_case(link, evidence)
        link.answered_at = timezone.now()
        link.evidence = evidence
        link.save(update_fields=["answered_at", "evidence"])
        # A case already answered another way keeps its result; the evidence stays on the link.
        record(
            action="carelink.answer_case",
            target=link,
            actor=None,
            after={**evidence, "case_answered": moved},
        )
    return link


def _answer_case(link: CareLink, evidence: dict[str, Any]) -> bool:
    """Record the result on the case, unless its unit has answered it (or moved it on)."""
    try:
        hotline.record_linked_result(
            case=link.case,
            result=Result.RESOLVED,
            resolution=_in_platform_language(lambda: resolution_text(link, evidence)),
            evidence=evidence,
        )
    except hotline.IllegalTransition:
        return False
    return True


def service_evidence(order: ServiceOrder, settled_by: str) -> dict[str, Any]:
    """Who served, when, and how the visit was verified and confirmed."""
    checks = PresenceCheck.objects.filter(
        order=order,
        status__in=(PresenceCheck.Status.VERIFIED, PresenceCheck.Status.CONFIRMED),
    ).exclude(method="")
    return {
        "order": order.reference,
        "order_id": order.pk,
        "volunteer": order.volunteer.name if order.volunteer else "",
        "signed_in_at": order.signed_in_at.isoformat() if order.signed_in_at else None,
        "signed_out_at": order.signed_out_at.isoformat() if order.signed_out_at else None,
        "credited_minutes": order.credited_minutes or 0,
        # Empty when the times were entered by the station (from a paper sheet, say).
        "verified_by": sorted({check.method for check in checks}),
        "confirmed_by": CONFIRMED_BY.get(settled_by, settled_by),
    }


def verification_text(evidence: dict[str, Any]) -> str:
    methods = [str(PresenceCheck.Method(m).label) for m in evidence["verified_by"]]
    return "、".join(methods) if methods else _("times entered by the station")


def confirmation_text(evidence: dict[str, Any]) -> str:
    return {
        "elder": _("confirmed by the elder's side"),
        "automatic": _("confirmed automatically after the waiting time"),
        "station": _("decided by the station after a dispute"),
    }.get(evidence["confirmed_by"], evidence["confirmed_by"])


def resolution_text(link: CareLink, evidence: dict[str, Any]) -> str:
    order = link.order
    local = timezone.localtime
    return _(
        "Time Bank service %(reference)s was done: volunteer %(volunteer)s served %(elder)s "
        "from %(start)s to %(end)s; presence verified by %(verified)s; %(confirmed)s."
    ) % {
        "reference": order.reference,
        "volunteer": evidence["volunteer"],
        "elder": link.elder.name,
        "start": local(order.signed_in_at).strftime("%Y-%m-%d %H:%M")
        if order.signed_in_at
        else "—",
        "end": local(order.signed_out_at).strftime("%H:%M") if order.signed_out_at else "—",
        "verified": verification_text(evidence),
        "confirmed": confirmation_text(evidence),
    }


def _in_platform_language(make: Any) -> str:
    """Text stored on the case is read by the caller and the units: the platform's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(make())


def report_service_fell_through(*, order: ServiceOrder, reason: str = "") -> CareLink | None:
    """Tell the case's lead unit that its service request ended without service, so that it
    answers the case itself."""
    link = CareLink.objects.select_related("case").filter(order=order).first()
    if link is None or link.answered_at is not None:
        return None
    state = order.get_state_display()
    with transaction.atomic():
        hotline.add_linked_note(
            case=link.case,
            note=_in_platform_language(
                lambda: (
                    _(
                        "Time Bank service request %(reference)s ended without service (%(state)s). "
                        "%(reason)s Please answer the case in the usual way."
                    )
                    % {"reference": order.reference, "state": state, "reason": reason.strip()}
                )
            ),
        )
        record(
            action="carelink.service_fell_through",
            target=link,
            actor=None,
            after={"order": order.pk, "state": order.state},
        )
    return link
