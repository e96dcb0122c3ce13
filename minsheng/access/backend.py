"""Django's permission API (admin, ``user.has_perm``) answered by the access policy."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from minsheng.access import policy


class ScopedPermissionBackend(ModelBackend):
    """Log-in by login name and password; permissions only from the access policy.

    Django's per-user and per-group permission tables are not used: roles held at a region node
    are the only source of rights.
    """

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if perm not in policy.RULES:
            return bool(user_obj.is_active and user_obj.is_superuser)
        return policy.can(user_obj, perm, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if user_obj.is_active and user_obj.is_superuser:
            return True
        prefix = f"{app_label}."
        return any(
            action.startswith(prefix) and policy.can(user_obj, action) for action in policy.RULES
        )

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return {action for action in policy.RULES if policy.can(user_obj, action, obj)}

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()
