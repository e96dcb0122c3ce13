"""Model fields for personal data."""

from __future__ import annotations

from typing import Any

from django.db import models

from minsheng.core import crypto


class EncryptedTextField(models.TextField):
    """Text encrypted at rest with the platform key; decrypted when read from the database.

    It cannot be searched or sorted: keep a keyed hash beside it for look-ups.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)
