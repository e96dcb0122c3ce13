"""What the pages' forms share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show an action's refusal on the form that asked for it: each message at its field, or
    above the form when the form has no such field (the action checks more than one form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
