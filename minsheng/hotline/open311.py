"""Open311 GeoReport v2 server under ``/open311/v2/`` (JSON and XML).

Services are the taxonomy's leaf categories; a request is a case, identified by its number.
Reading is public, as in other cities' feeds: callers' names, phones and street addresses never
appear, only the place down to the community. Posting needs an ``api_key`` issued to a partner
system (``PartnerKey``). Errors are lists of ``{code, description}`` (XML ``<errors>``), with the
HTTP status the specification gives: 400 bad input, 403 bad key, 404 unknown thing.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from minsheng.hotline import actions, attachments
from minsheng.hotline.models import OPEN_STATUSES, Case, Category, Kind, Status, Urgency
from minsheng.regions.models import Region

DEFAULT_WINDOW = dt.timedelta(days=90)
MAX_REQUESTS = 1000
MAX_DESCRIPTION = 4000


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def jurisdiction() -> str:
    return getattr(settings, "HOTLINE_OPEN311_JURISDICTION", "beijing.gov.cn")


# --- Rendering ----------------------------------------------------------------------------------


def _xml(root: str, item: str | None, payload: Any) -> bytes:
    element = ET.Element(root)
    items = payload if isinstance(payload, list) else [payload]
    for entry in items:
        target = ET.SubElement(element, item) if item else element
        _fill(target, entry)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8")


def _fill(element: ET.Element, data: dict[str, Any]) -> None:
    for key, value in data.items():
        if isinstance(value, list):
            holder = ET.SubElement(element, key)
            singular = {
                "attributes": "attribute",
                "values": "value",
                "endpoints": "endpoint",
                "formats": "format",
            }.get(key, "item")
            for entry in value:
                child = ET.SubElement(holder, singular)
                if isinstance(entry, dict):
                    _fill(child, entry)
                else:
                    child.text = _text(entry)
        else:
            ET.SubElement(element, key).text = _text(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def respond(fmt: str, payload: Any, root: str, item: str | None, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(
            _xml(root, item, payload), status=status, content_type="text/xml; charset=utf-8"
        )
    return JsonResponse(
        payload, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )


def error_response(fmt: str, status: int, description: str) -> HttpResponse:
    return respond(fmt, [{"code": status, "description": description}], "errors", "error", status)


def _handle(fmt: str, produce: Any) -> HttpResponse:
    if fmt not in ("json", "xml"):
        return error_response("json", 404, "Unknown format: use .json or .xml.")
    try:
        return produce()
    except Open311Error as error:
        return error_response(fmt, error.status, error.description)


def _check_jurisdiction(request: HttpRequest) -> None:
    given = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
    if given and given != jurisdiction():
        raise Open311Error(404, f"jurisdiction_id {given} not found.")


def _iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 with the Beijing offset (``2026-11-30T09:15:00+08:00``)."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _parse_date(text: str, name: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(400, f"{name} is not a w3 datetime (2026-01-01T00:00:00Z).") from None
    return value if value.tzinfo else timezone.make_aware(value)


# --- Discovery and services ---------------------------------------------------------------------


@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    def produce() -> HttpResponse:
        root = request.build_absolute_uri(reverse("open311:discovery", args=[fmt]))
        base = root.rsplit("/", 1)[0] + "/"
        payload = {
            "changeset": "2026-11-30T00:00:00+08:00",
            "contact": "12345",
            "key_service": "api_key: ask the Beijing 12345 hotline centre for a partner key.",
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": base,
                    "changeset": "2026-11-30T00:00:00+08:00",
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        }
        return respond(fmt, payload, "discovery", None)

    return _handle(fmt, produce)


def _leaves() -> QuerySet[Category]:
    return Category.objects.leaves().filter(is_active=True).select_related("parent__parent")


def _service(category: Category) -> dict[str, Any]:
    middle = category.parent
    top = middle.parent if middle is not None else None
    return {
        "service_code": category.code,
        "service_name": category.display_name,
        "description": " / ".join(c.display_name for c in (top, middle, category) if c),
        "metadata": True,
        "type": "realtime",
        "keywords": ",".join(c.name for c in (top, middle, category) if c),
        "group": top.display_name if top else "",
    }


@require_GET
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    def produce() -> HttpResponse:
        _check_jurisdiction(request)
        return respond(fmt, [_service(c) for c in _leaves()], "services", "service")

    return _handle(fmt, produce)


def _choices(choices: Iterable[tuple[str, Any]]) -> list[dict[str, str]]:
    return [{"key": key, "name": str(label)} for key, label in choices]


def attributes() -> list[dict[str, Any]]:
    return [
        {
            "variable": True,
            "code": "kind",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "",
            "order": 1,
            "description": "Kind of request (诉求类型)",
            "values": _choices(Kind.choices),
        },
        {
            "variable": True,
            "code": "urgency",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": "",
            "order": 2,
            "description": "Urgency (紧急程度)",
            "values": _choices(Urgency.choices),
        },
        {
            "variable": True,
            "code": "subdistrict",
            "datatype": "string",
            "required": False,
            "datatype_description": "Name or 9-digit code of the sub-district or township",
            "order": 3,
            "description": "Sub-district or township (街道/乡镇)",
            "values": [],
        },
    ]


@require_GET
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    def produce() -> HttpResponse:
        _check_jurisdiction(request)
        if not _leaves().filter(code=code).exists():
            raise Open311Error(404, f"service_code {code} not found.")
        payload = {"service_code": code, "attributes": attributes()}
        return respond(fmt, payload, "service_definition", None)

    return _handle(fmt, produce)


# --- Requests -----------------------------------------------------------------------------------


def _public_address(case: Case) -> str:
    parts = [
        case.district.name if case.district else "",
        case.subdistrict.name if case.subdistrict else "",
        case.community_name,
    ]
    return "".join(part for part in parts if part)


def _request(case: Case) -> dict[str, Any]:
    closed = case.status not in OPEN_STATUSES
    if case.status == Status.MERGED and case.master:
        notes = f"Duplicate of {case.master.number}"
    else:
        notes = case.get_result_display() if case.result else case.get_status_display()
    return {
        "service_request_id": case.number,
        "status": "closed" if closed else "open",
        "status_notes": str(notes),
        "service_name": case.category.display_name if case.category else "",
        "service_code": case.category.code if case.category else "",
        "description": case.title or case.content[:200],
        "agency_responsible": case.lead_unit.display_name if case.lead_unit else "",
        "service_notice": "",
        "requested_datetime": _iso(case.received_at),
        "updated_datetime": _iso(case.updated_at),
        "expected_datetime": _iso(case.handling_due),
        "address": _public_address(case),
        "address_id": "",
        "zipcode": "",
        "lat": round(case.latitude, 3) if case.latitude is not None else None,
        "long": round(case.longitude, 3) if case.longitude is not None else None,
        "media_url": "",
    }


def _request_queryset() -> QuerySet[Case]:
    return Case.objects.select_related("category", "lead_unit", "district", "subdistrict", "master")


def list_requests(params: Any) -> list[dict[str, Any]]:
    cases = _request_queryset()
    ids = [i.strip() for i in params.get("service_request_id", "").split(",") if i.strip()]
    if ids:  # overrides every other filter, as the specification says
        return [_request(c) for c in cases.filter(number__in=ids[:MAX_REQUESTS])]
    codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
    if codes:
        cases = cases.filter(category__code__in=codes)
    end = _parse_date(params["end_date"], "end_date") if params.get("end_date") else timezone.now()
    start = (
        _parse_date(params["start_date"], "start_date")
        if params.get("start_date")
        else end - DEFAULT_WINDOW
    )
    if start > end:
        raise Open311Error(400, "start_date is after end_date.")
    cases = cases.filter(received_at__gte=start, received_at__lte=end)
    statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, "status takes open or closed.")
    if statuses == {"open"}:
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif statuses == {"closed"}:
        cases = cases.exclude(status__in=OPEN_STATUSES)
    return [_request(c) for c in cases.order_by("-received_at", "-id")[:MAX_REQUESTS]]


@csrf_exempt  # a machine interface authenticated by api_key, not by a browser session
@require_http_methods(["GET", "POST"])
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    def produce() -> HttpResponse:
        _check_jurisdiction(request)
        if request.method == "POST":
            media = request.FILES.getlist("media")
            return respond(fmt, [post_request(request.POST, media)], "service_requests", "request")
        return respond(fmt, list_requests(request.GET), "service_requests", "request")

    return _handle(fmt, produce)


@require_GET
def request_detail(request: HttpRequest, number: str, fmt: str) -> HttpResponse:
    def produce() -> HttpResponse:
        _check_jurisdiction(request)
        case = _request_queryset().filter(number=number).first()
        if case is None:
            raise Open311Error(404, f"service_request_id {number} not found.")
        return respond(fmt, [_request(case)], "service_requests", "request")

    return _handle(fmt, produce)


@require_GET
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    def produce() -> HttpResponse:
        _check_jurisdiction(request)
        case = Case.objects.filter(open311_token=token).only("number").first()
        if case is None:
            raise Open311Error(404, f"token {token} not found.")
        payload = [{"service_request_id": case.number, "token": token}]
        return respond(fmt, payload, "service_requests", "request")

    return _handle(fmt, produce)


# --- Posting ------------------------------------------------------------------------------------


def post_request(data: Any, media: Sequence[Any] = ()) -> dict[str, Any]:
    """Create a case from a partner's POST; raises Open311Error with the spec's status codes.

    Photos come as uploads (multipart ``media``), cleaned like a resident's. A ``media_url`` is
    kept as the partner gave it, for staff to open: the platform fetches nothing from outside.
    """
    partner = actions.partner_for_key(data.get("api_key", ""))
    if partner is None:
        raise Open311Error(403, "api_key is missing or not valid.")
    code = data.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, "service_code is required.")
    category = _leaves().filter(code=code).first()
    if category is None:
        raise Open311Error(404, f"service_code {code} not found.")
    lat, long_, address = data.get("lat"), data.get("long"), data.get("address_string", "")
    if not ((lat and long_) or address.strip() or data.get("address_id")):
        raise Open311Error(
            400, "A location is required: lat and long, address_string or address_id."
        )
    description = data.get("description", "").strip()
    if not description:
        raise Open311Error(400, "description is required.")
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, "description is longer than 4000 characters.")
    kind = data.get("attribute[kind]") or Kind.COMPLAINT
    urgency = data.get("attribute[urgency]") or Urgency.NORMAL
    if kind not in Kind.values or urgency not in Urgency.values:
        raise Open311Error(400, "attribute[kind] or attribute[urgency] has an unknown value.")
    try:
        latitude = float(lat) if lat else None
        longitude = float(long_) if long_ else None
    except ValueError:
        raise Open311Error(400, "lat and long must be decimal degrees.") from None
    if (latitude is not None and not -90 <= latitude <= 90) or (
        longitude is not None and not -180 <= longitude <= 180
    ):
        raise Open311Error(400, "lat or long is out of range.")
    name = " ".join(p for p in (data.get("last_name", ""), data.get("first_name", "")) if p)
    media_url = data.get("media_url", "").strip()[:500]
    try:
        photos = attachments.clean_photos(media)
    except ValidationError as error:
        raise Open311Error(400, " ".join(error.messages)) from None
    extra = {"partner": partner.name} | ({"media_url": media_url} if media_url else {})
    try:
        with attachments.files_undone_on_failure(), transaction.atomic():
            case = actions.receive_case(
                actor=None,
                content=description,
                channel="other",
                kind=kind,
                urgency=urgency,
                category=category,
                subdistrict=_subdistrict(data.get("attribute[subdistrict]", "")),
                address=address,
                latitude=latitude,
                longitude=longitude,
                caller_id=data.get("account_id") or data.get("device_id") or data.get("email", ""),
                caller_name=name,
                caller_phone=data.get("phone", ""),
                source="open311",
                note=f"Open311: {partner.name}",
                extra=extra,
            )
            attachments.store_photos(
                case, photos, role="resident", event=case.events.first(), actor=None
            )
    except ValidationError as error:
        raise Open311Error(400, " ".join(error.messages)) from None
    return {
        "service_request_id": case.number,
        "token": case.open311_token,
        "service_notice": "",
        "account_id": data.get("account_id", ""),
    }


def _subdistrict(text: str) -> Region | None:
    text = text.strip()
    if not text:
        return None
    region = Region.objects.filter(Q(code=text) | Q(name=text), level=3).first()
    if region is None:
        raise Open311Error(400, f"attribute[subdistrict] {text} is not a known sub-district.")
    return region
