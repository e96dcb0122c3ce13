"""The Django admin, scoped by the same policy as every other page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest

from minsheng.access import policy
from minsheng.audit.actions import record


def _snapshot(obj: models.Model) -> dict[str, Any]:
    """The editable fields of ``obj``, without encrypted personal data."""
    data = model_to_dict(obj)
    return {
        key: value for key, value in data.items() if key not in {"password", "id_number", "phone"}
    }


class ScopedAdmin(admin.ModelAdmin):
    """Rows outside the user's scope are invisible; each right is checked on the object itself."""

    def _perm(self, verb: str) -> str:
        return f"{self.opts.app_label}.{verb}_{self.opts.model_name}"

    def _can(self, request: HttpRequest, verb: str, obj: Any = None) -> bool:
        action = self._perm(verb)
        return action in policy.RULES and policy.can(request.user, action, obj)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        queryset = super().get_queryset(request)
        return policy.scope(request.user, self._perm("view"), queryset)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._can(request, "view", obj) or self._can(request, "change", obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._can(request, "change", obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._can(request, "add")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._can(request, "delete", obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = _snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(
                action=f"{self.opts.app_label}.{'change' if change else 'add'}_{self.opts.model_name}",
                target=obj,
                before=before,
                after=_snapshot(obj),
                note="admin",
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            record(
                action=f"{self.opts.app_label}.delete_{self.opts.model_name}",
                target=obj,
                before=_snapshot(obj),
                note="admin",
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        # One audited deletion per row, never a silent bulk delete.
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(ScopedAdmin):
    """For append-only records (audit log, ledger): visible in scope, never editable."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
