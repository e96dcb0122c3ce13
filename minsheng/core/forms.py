"""What the pages' forms share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

T = TypeVar("T")


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show an action's refusal on the form that asked for it: each message at its field, or
    above the form when the form has no such field (the action checks more than one form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def apply_form(form: forms.BaseForm, save: Callable[[dict[str, Any]], T]) -> T | None:
    """Run the action ``save`` on a valid form's data and return what it made; ``None`` when
    the form is invalid or the action refuses (its reasons are then shown on the form)."""
    if not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        attach_errors(form, error)
        return None


def posted(request: HttpRequest) -> dict[str, Any]:
    """A form's data and files: bound on a POST, even one that carries only a file (its CSRF
    token in a header), unbound otherwise. ``request.POST or None`` would leave such a form
    unbound, and the upload would be ignored without a word."""
    if request.method == "POST":
        return {"data": request.POST, "files": request.FILES}
    return {}
