"""Validation at the boundary: what no input may carry into the database.

PostgreSQL refuses some values that Python accepts: a NUL character in text, a time zone offset
beyond ±15:59, a year a column or a lookup cannot hold. Left to the database, each is a server
error (``DataError``); checked here, each is a 400 with a message in the user's language.

* NUL characters: the API's parsers refuse a body holding one (:class:`NulFreeJSONParser` and
  its siblings, the project's ``DEFAULT_PARSER_CLASSES``), and :class:`RejectNulMiddleware`
  refuses a path, query string or form holding one, for the pages too.
* Moments: :func:`check_moment` bounds the year and the offset; :class:`MomentField` and
  :class:`MomentFilter` use it for serializers and filters, :func:`parse_moment` for query
  parameters read by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from rest_framework import serializers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

NUL = "\x00"
# Years an input may name: wide enough for any real record, narrow enough for every column.
FIRST_YEAR, LAST_YEAR = 1900, 2199
# Real time zones lie within UTC-12:00 and UTC+14:00; PostgreSQL refuses beyond ±15:59.
MAX_OFFSET = dt.timedelta(hours=14)


def nul_message() -> str:
    return _("The request contains a NUL character (\\u0000), which is not allowed.")


def contains_nul(value: Any) -> bool:
    """Whether ``value`` (text, or lists and mappings of it, keys included) holds a NUL."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, Mapping):
        return any(contains_nul(k) or contains_nul(v) for k, v in _items(value))
    if isinstance(value, list | tuple):
        return any(contains_nul(item) for item in value)
    return False


def _items(value: Mapping[Any, Any]) -> list[tuple[Any, Any]]:
    lists = getattr(value, "lists", None)  # a QueryDict: every value of a repeated key
    return list(lists()) if callable(lists) else list(value.items())


def _refusing_nul(parse: Callable[..., Any]) -> Callable[..., Any]:
    def checked(self: Any, *args: Any, **kwargs: Any) -> Any:
        parsed = parse(self, *args, **kwargs)
        data = getattr(parsed, "data", parsed)  # multipart: DataAndFiles
        if contains_nul(data):
            raise ParseError(nul_message())
        return parsed

    return checked


class NulFreeJSONParser(JSONParser):
    parse = _refusing_nul(JSONParser.parse)


class NulFreeFormParser(FormParser):
    parse = _refusing_nul(FormParser.parse)


class NulFreeMultiPartParser(MultiPartParser):
    parse = _refusing_nul(MultiPartParser.parse)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectNulMiddleware:
    """A path, query string, header or submitted form holding a NUL character answers 400.

    API bodies are checked by the parsers above (the middleware does not read them).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._holds_nul(request):
            return self._refusal(request)
        return self.get_response(request)

    def _holds_nul(self, request: HttpRequest) -> bool:
        if NUL in request.path or contains_nul(request.GET):
            return True
        # Headers the platform reads (Authorization's token, Idempotency-Key) reach queries too.
        if any(NUL in value for key, value in request.META.items() if key.startswith("HTTP_")):
            return True
        # API bodies are checked by the parsers, which answer in the API's error shape.
        if request.method == "POST" and request.content_type in FORM_TYPES:
            if request.path.startswith("/api/"):
                return False
            try:
                return contains_nul(request.POST)
            except MultiPartParserError:  # Django answers 400 itself when the view reads it
                return False
        return False

    def _refusal(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            body = {"error": {"code": "parse_error", "message": nul_message()}}
            return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
        return HttpResponseBadRequest(nul_message(), content_type="text/plain; charset=utf-8")


# --- Moments -----------------------------------------------------------------------------------


def check_moment(value: dt.datetime | dt.date) -> None:
    """Raise Django's ``ValidationError`` for a year or an offset no record may have."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise DjangoValidationError(
            _("Give a year between %(first)d and %(last)d.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="year_out_of_range",
        )
    offset = value.utcoffset() if isinstance(value, dt.datetime) else None
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise DjangoValidationError(
            _("The time zone offset must lie between -14:00 and +14:00."),
            code="offset_out_of_range",
        )


def parse_moment(raw: str | None, name: str) -> dt.datetime | None:
    """A query parameter as an aware datetime (None when absent); 400 when it is not one."""
    if not raw:
        return None
    try:
        value = parse_datetime(raw)
    except ValueError:  # well formed, but no such day or time (2025-02-30)
        value = None
    if value is None:
        raise ValidationError({name: [_("Use an ISO 8601 date and time.")]})
    try:
        check_moment(value)
    except DjangoValidationError as error:
        raise ValidationError({name: error.messages}) from None
    return value


class MomentField(serializers.DateTimeField):
    """A date and time within the years and offsets the platform stores."""

    def to_internal_value(self, value: Any) -> dt.datetime:
        if isinstance(value, str):
            parsed = _parsed_or_none(value)
            if parsed is not None:
                _check_for_drf(parsed)
        moment = super().to_internal_value(value)
        _check_for_drf(moment)
        return moment


class DayField(serializers.DateField):
    """A date within the years the platform stores."""

    def to_internal_value(self, value: Any) -> dt.date:
        day = super().to_internal_value(value)
        _check_for_drf(day)
        return day


def _parsed_or_none(text: str) -> dt.datetime | None:
    try:
        return parse_datetime(text)
    except ValueError:
        return None


def _check_for_drf(value: dt.datetime | dt.date) -> None:
    try:
        check_moment(value)
    except DjangoValidationError as error:
        raise ValidationError(error.messages) from None


class MomentFormField(IsoDateTimeField):
    def to_python(self, value: Any) -> dt.datetime | None:
        moment = super().to_python(value)
        if moment is not None:
            check_moment(moment)
        return moment


class MomentFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 filter bounded like :func:`check_moment` (an out-of-range offset or year is
    a 400, not a database error)."""

    field_class = MomentFormField
