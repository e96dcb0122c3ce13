"""The notification settings, read from Django's settings (which read the environment)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

OUTBOX_SMS_BACKEND = "minsheng.notifications.channels.sms.OutboxBackend"
ALIYUN_SMS_BACKEND = "minsheng.notifications.channels.aliyun.AliyunSmsBackend"


def site_url() -> str:
    return str(getattr(settings, "MINSHENG_SITE_URL", "http://127.0.0.1:8000"))


def sms_sign() -> str:
    return str(_options("NOTIFICATIONS_SMS").get("sign", "民生"))


def sms_backend() -> Any:
    path = _options("NOTIFICATIONS_SMS").get("backend") or OUTBOX_SMS_BACKEND
    return import_string(path)()


def sms_options() -> dict[str, Any]:
    return _options("NOTIFICATIONS_SMS")


def push_options() -> dict[str, Any]:
    return _options("NOTIFICATIONS_PUSH")


def wechat_options() -> dict[str, Any]:
    return _options("NOTIFICATIONS_WECHAT")


def quiet_hours() -> tuple[dt.time, dt.time]:
    """The default quiet hours for text messages, in Beijing time."""
    return dt.time(21, 0), dt.time(8, 0)


def _options(name: str) -> dict[str, Any]:
    return dict(getattr(settings, name, {}) or {})
