"""Helpers for reference data that carries both a Chinese and an English name."""

from __future__ import annotations

from django.utils.translation import get_language


def english_active() -> bool:
    return (get_language() or "").startswith("en")


class BilingualNameMixin:
    """For models with ``name`` (Chinese) and ``name_en`` fields."""

    name: str
    name_en: str

    @property
    def display_name(self) -> str:
        if english_active() and self.name_en:
            return self.name_en
        return self.name

    def __str__(self) -> str:
        return self.display_name
