"""Access checks for Django REST framework views."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from minsheng.access import policy


class ScopedAction(BasePermission):
    """Checks the view's ``access_actions`` (DRF action name -> access action).

    List views must also filter with :func:`minsheng.access.scope` in ``get_queryset``; objects
    outside the scope then answer 404, so their existence does not leak.
    """

    def _action(self, request: Request, view: APIView) -> str | None:
        actions: dict[str, str] = getattr(view, "access_actions", {})
        name = getattr(view, "action", None) or (request.method or "").lower()
        return actions.get(name) or actions.get("*")

    def has_permission(self, request: Request, view: APIView) -> bool:
        action = self._action(request, view)
        if action is None:
            return False
        return policy.can(request.user, action)

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        action = self._action(request, view)
        return action is not None and policy.can(request.user, action, obj)
