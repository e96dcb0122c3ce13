from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest


def bell(request: HttpRequest) -> dict[str, Callable[[], Any]]:
    """The unread count for the bell in the header, counted only when a page shows it."""
    user = getattr(request, "user", None)

    def unread() -> int:
        if user is None or not user.is_authenticated:
            return 0
        from minsheng.notifications.actions import unread_count

        return unread_count(user)

    def staff() -> bool:
        from minsheng import access

        return bool(user is not None and access.can(user, "notifications.view_deliveries"))

    return {"notifications_unread": unread, "notifications_staff": staff}
