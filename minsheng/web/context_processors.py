from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from minsheng import access
from minsheng.people.roles import Role
from minsheng.web import preferences


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page's frame needs: display preferences and the visitor's roles."""
    user = getattr(request, "user", None)
    roles = access.roles_of(user) if user is not None else set()
    return {
        "text_size": preferences.text_size(request),
        "contrast": preferences.contrast(request),
        "text_sizes": preferences.TEXT_SIZES,
        "user_roles": sorted(roles),
        "user_role_labels": [Role(role).label for role in sorted(roles)],
        "can_use_admin": bool(user and access.can(user, "web.use_admin")),
    }
