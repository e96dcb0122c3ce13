"""Small helpers shared by the pages: scoped look-ups and running an action with messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from minsheng import access
from minsheng.core.forms import attach_errors
from minsheng.core.http import AuthenticatedRequest
from minsheng.people.models import User
from minsheng.timebank.errors import TimebankError

M = TypeVar("M", bound=Model)


def scoped(request: AuthenticatedRequest, action: str, queryset: QuerySet[M], pk: Any) -> M:
    """The object if the user may ``action`` on it; 404 otherwise, so existence does not leak."""
    return get_object_or_404(access.scope(request.user, action, queryset), pk=pk)


def attempt(
    request: AuthenticatedRequest,
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
            attach_errors(form, error)
        else:
            _problem(request, form, " ".join(error.messages))
        return None
    messages.success(request, success)
    return result if result is not None else True


def _problem(request: AuthenticatedRequest, form: forms.Form | None, message: str) -> None:
    if form is not None:
        form.add_error(None, message)
    else:
        messages.error(request, message)


def signed_in_user(request: AuthenticatedRequest) -> User:
    """The user object itself (not the lazy wrapper), for use as the object of a permission."""
    user = request.user
    user.pk  # noqa: B018  (evaluates the lazy object)
    return getattr(user, "_wrapped", user)
