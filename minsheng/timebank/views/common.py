"""Small helpers shared by the pages: scoped look-ups and running an action with messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from minsheng import access
from minsheng.timebank.errors import TimebankError


def scoped(request: HttpRequest, action: str, queryset: QuerySet[Any], pk: Any) -> Any:
    """The object if the user may ``action`` on it; 404 otherwise, so existence does not leak."""
    return get_object_or_404(access.scope(request.user, action, queryset), pk=pk)


def attempt(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    success: str,
    form: forms.Form | None = None,
) -> Any:
    """Run an action; on a refusal show the reason (on the form, or as a message).

    Returns the action's result, or ``None`` when it was refused.
    """
    try:
        result = call()
    except TimebankError as error:
        _problem(request, form, error.message)
        return None
    except ValidationError as error:
        if form is not None and hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            _problem(request, form, " ".join(error.messages))
        return None
    messages.success(request, success)
    return result if result is not None else True


def _problem(request: HttpRequest, form: forms.Form | None, message: str) -> None:
    if form is not None:
        form.add_error(None, message)
    else:
        messages.error(request, message)


def signed_in_user(request: HttpRequest) -> Any:
    """The user object itself (not the lazy wrapper), for use as the object of a permission."""
    user = request.user
    user.pk  # noqa: B018  (evaluates the lazy object)
    return getattr(user, "_wrapped", user)


def reload(instance: Model) -> Model:
    instance.refresh_from_db()
    return instance
