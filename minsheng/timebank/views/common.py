"""Small helpers shared by the pages: scoped look-ups and running an action with messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

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


def perform_posted(
    request: AuthenticatedRequest,
    form: forms.Form,
    perform: Callable[[dict[str, Any]], Any],
    *,
    success: str,
) -> Any:
    """On a POST whose form is valid, run the action on the form's data (see ``attempt``).

    Returns the action's result; ``None`` when nothing was posted, the form is invalid or the
    action was refused (the reasons are on the form).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    return attempt(request, lambda: perform(form.cleaned_data), success=success, form=form)


def form_page(
    request: AuthenticatedRequest,
    form: forms.Form,
    perform: Callable[[dict[str, Any]], Any],
    *,
    success: str,
    done: Callable[[Any], HttpResponse],
    title: str,
    submit: str,
    explanation: str | None = None,
) -> HttpResponse:
    """A page of one form. A valid POST runs ``perform`` on the form's data; once the action is
    done, ``done`` answers with its result (a redirect). Otherwise the form shows again, with
    the reason the action was refused."""
    result = perform_posted(request, form, perform, success=success)
    if result:
        return done(result)
    context: dict[str, Any] = {"form": form, "title": title, "submit": submit}
    if explanation is not None:
        context["explanation"] = explanation
    return render(request, "timebank/simple_form.html", context)


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
