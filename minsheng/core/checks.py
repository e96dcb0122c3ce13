"""System checks for settings that must be right before the platform starts."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=False)
def check_encryption_key(app_configs: Any, **kwargs: Any) -> list[Error]:
    keys = [key.strip() for key in settings.ENCRYPTION_KEY.split(",") if key.strip()]
    if not keys:
        return [Error("MINSHENG_ENCRYPTION_KEY is empty.", id="minsheng.E001")]
    for key in keys:
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            return [
                Error(
                    "MINSHENG_ENCRYPTION_KEY is not a valid Fernet key.",
                    hint='Generate one with: python -c "from cryptography.fernet import '
                    'Fernet; print(Fernet.generate_key().decode())"',
                    id="minsheng.E002",
                )
            ]
    return []
