"""Notifications: the platform tells people what happened, by inbox, e-mail, SMS, Web Push and
WeChat. Modules call :func:`notify` (or follow their actions, see ``following``) with kinds they
register (``registry.register_kind``). See docs/notifications.md.
"""

from __future__ import annotations

from typing import Any


def notify(**kwargs: Any) -> Any:
    """See :func:`minsheng.notifications.sending.notify` (imported late: models load first)."""
    from minsheng.notifications.sending import notify as send

    return send(**kwargs)
