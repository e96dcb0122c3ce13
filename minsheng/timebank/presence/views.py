"""The volunteers' phone app (installable, readable offline) and what it talks to."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from minsheng import access
from minsheng.core.http import AuthenticatedRequest
from minsheng.core.uploads import clean_optional_photo
from minsheng.timebank import clock, ledger, policies
from minsheng.timebank.actions import photos
from minsheng.timebank.errors import TimebankError
from minsheng.timebank.models import OrderState, ServiceOrder
from minsheng.timebank.presence import actions
from minsheng.timebank.presence import field as field_signs
from minsheng.timebank.presence.models import DoorCard, PresenceCheck
from minsheng.timebank.views.common import attempt

UPCOMING_DAYS = 7
ICON_SIZES = (192, 512)


def _visits(user: Any) -> list[ServiceOrder]:
    """The volunteer's visits to come (booked or under way), today first."""
    today = clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
    return list(
        ServiceOrder.objects.filter(
            volunteer=user,
            state__in=(OrderState.BOOKED, OrderState.SIGNED_IN),
            starts_at__lt=clock.now() + dt.timedelta(days=UPCOMING_DAYS),
            starts_at__gte=today - dt.timedelta(days=1),
        )
        .select_related("beneficiary", "region", "item")
        .prefetch_related("presence_checks")
        .order_by("starts_at")
    )


def _door_positions(visits: list[ServiceOrder]) -> dict[int, DoorCard]:
    cards = DoorCard.objects.filter(
        elder_id__in={v.beneficiary_id for v in visits},
        retired_at__isnull=True,
        latitude__isnull=False,
    )
    return {card.elder_id: card for card in cards}


@login_required
@never_cache
def field(request: AuthenticatedRequest) -> HttpResponse:
    """Today's and the coming week's visits, with the way there, sign in and out, earnings."""
    access.require(request.user, "presence.use_field_app")
    visits = _visits(request.user)
    doors = _door_positions(visits)
    for visit in visits:
        visit.door = doors.get(visit.beneficiary_id)  # type: ignore[attr-defined]
        visit.waiting = [  # type: ignore[attr-defined]
            c for c in visit.presence_checks.all() if c.status == PresenceCheck.Status.FLAGGED
        ]
    account, _hold = ledger.viewed_accounts(request.user)
    return render(
        request,
        "presence/field.html",
        {
            "visits": visits,
            "today": clock.today(),
            "earned": account.earned,
            "balance": account.balance,
            "star_level": policies.current().star_level(account.earned),
        },
    )


@login_required
@require_POST
def sign_without_code(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    """Without the camera (or without JavaScript): signed, and flagged for the station."""
    access.require(request.user, "presence.use_field_app")
    order = get_object_or_404(
        access.scope(request.user, "timebank.view_order", ServiceOrder.objects.all()), pk=pk
    )
    attempt(
        request,
        lambda: photos.sign_with_photo(
            lambda: actions.sign_at_door(actor=request.user, order=order, kind=kind).order,
            actor=request.user,
            kind=kind,
            photo=clean_optional_photo(request.FILES.get("photo")),
        ),
        success=_("Signed. The station will confirm the visit; show the elder the code below."),
    )
    return redirect("presence:field")


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ValidationError(_("The request could not be read."))
    return data


def _answer_app(
    request: HttpRequest, work: Callable[[dict[str, Any]], dict[str, Any]]
) -> JsonResponse:
    """Run ``work`` on the app's JSON body and answer what it returns. A refusal answers with
    its reason: 400 for unreadable or invalid input, 403 if not allowed, 409 by the rules."""
    try:
        answer = work(_body(request))
    except ValidationError as error:
        return _json_error(" ".join(error.messages), 400)
    except PermissionDenied as error:
        return _json_error(str(error), 403)
    except TimebankError as error:
        return _json_error(error.message, 409)
    return JsonResponse(answer)


@login_required
@require_POST
def register_device(request: AuthenticatedRequest) -> JsonResponse:
    def register(data: dict[str, Any]) -> dict[str, Any]:
        device = actions.register_device(
            actor=request.user,
            public_key=str(data.get("public_key", "")),
            label=str(data.get("label", "")),
        )
        return {"key_id": device.key_id}

    return _answer_app(request, register)


@login_required
@require_POST
def receive_sign(request: AuthenticatedRequest) -> JsonResponse:
    """A sign from the app: ``{"payload": "<json>", "key_id": ..., "signature": ...}``."""

    def receive(data: dict[str, Any]) -> dict[str, Any]:
        check = field_signs.receive_sign(
            actor=request.user,
            payload=str(data.get("payload", "")),
            key_id=str(data.get("key_id", "")),
            signature=str(data.get("signature", "")),
        )
        return _check_answer(check)

    return _answer_app(request, receive)


def _check_answer(check: PresenceCheck) -> dict[str, Any]:
    if check.status == PresenceCheck.Status.VERIFIED:
        message = _("Signed with the door code. Thank you!")
    else:
        message = _(
            "Signed, but not verified: ask the elder to call the station and say the code %(code)s."
        ) % {"code": check.phone_code}
    return {
        "check": check.pk,
        "order": check.order_id,
        "kind": check.kind,
        "status": check.status,
        "method": check.method,
        "flags": check.flags,
        "offline": check.offline,
        "phone_code": check.phone_code,
        "message": message,
    }


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: installable, opening on today's visits."""
    start = reverse("presence:field")
    response = JsonResponse(
        {
            "name": _("Minsheng Time Bank: volunteer"),
            "short_name": _("Time Bank"),
            "description": _("Today's visits, sign in and out at the elder's door."),
            "lang": request.LANGUAGE_CODE,
            "start_url": start,
            "scope": start,
            "display": "standalone",
            "orientation": "portrait",
            "background_color": "#ffffff",
            "theme_color": "#0b4a8f",
            "icons": [
                {
                    "src": static(f"presence/icon-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any maskable",
                }
                for size in ICON_SIZES
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The app's service worker, scoped to the app; it lists the files to keep for offline use."""
    return render(
        request,
        "presence/service-worker.js",
        {
            "start": reverse("presence:field"),
            "assets": [
                static("presence/field.js"),
                static("presence/field.css"),
                static("vendor/jsqr/jsQR.js"),
                static("web/minsheng.css"),
                static("timebank/timebank.css"),
                static("web/tables.js"),
            ],
        },
        content_type="text/javascript",
    )
