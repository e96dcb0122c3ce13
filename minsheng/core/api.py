"""API conventions shared by every app: one JSON shape for every error."""

from __future__ import annotations

import copy
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from minsheng.core.errors import Refused


class Conflict(exceptions.APIException):
    """An action that is not allowed in the object's current state (HTTP 409)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def exception_handler(error: Exception, context: dict[str, Any]) -> Response | None:
    """Errors as ``{"error": {"code", "message", "fields"}}``, message in the user's language.

    A refusal by the rules (:class:`~minsheng.core.errors.Refused`) is a 409 Conflict."""
    if isinstance(error, Refused):
        error = Conflict(detail=error.message, code=error.code)
    elif isinstance(error, DjangoValidationError):
        error = exceptions.ValidationError(_django_validation_detail(error))
    elif isinstance(error, Http404):
        error = exceptions.NotFound()
    elif isinstance(error, DjangoPermissionDenied):
        error = exceptions.PermissionDenied()
    response = drf_exception_handler(error, context)
    if response is None:
        return None
    assert isinstance(error, exceptions.APIException)
    response.data = {"error": _error_body(error)}
    return response


def _error_body(error: exceptions.APIException) -> dict[str, Any]:
    if isinstance(error, exceptions.ValidationError):
        detail = error.detail
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        return {
            "code": "invalid",
            "message": _("The request contains invalid data."),
            "fields": fields,
        }
    codes = error.get_codes()
    return {
        "code": codes if isinstance(codes, str) else error.default_code,
        "message": str(error.detail),
    }


def _django_validation_detail(error: DjangoValidationError) -> Any:
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages]
            for field, errors in error.error_dict.items()
        }
    return list(error.messages)


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """The request's input checked by a serializer (400 with the fields if it is not valid)."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class FieldsBuiltOnce:
    """For read-only model serializers on hot paths: the fields are built from the model once
    per class and copied for each instance. A ``ModelSerializer`` otherwise inspects its model
    anew for every object it shows (a nested one for every person in an answer), which cost
    more than a tenth of the confirm endpoint's time. Only for serializers whose fields do not
    depend on the request or the object."""

    _built: ClassVar[dict[type, dict[str, serializers.Field[Any, Any, Any, Any]]]] = {}

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        built = FieldsBuiltOnce._built.get(type(self))
        if built is None:
            built = FieldsBuiltOnce._built[type(self)] = super().get_fields()  # type: ignore[misc]
        return copy.deepcopy(built)
