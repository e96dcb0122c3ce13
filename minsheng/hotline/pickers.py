"""Drop-downs that search as one types: names, codes, English names and pinyin initials.

Each option carries the words it answers to (``data-search``: "物业管理 wygl wuyeguanli 03
property management"); ``static/hotline/pickers.js`` adds a search box above the list and keeps the options that
match. Without JavaScript it is the plain list.
"""

from __future__ import annotations

import functools
from typing import Any

from django import forms
from pypinyin import Style, lazy_pinyin


@functools.lru_cache(maxsize=4096)
def initials(name: str) -> str:
    """The pinyin initials of a Chinese name: 物业管理 → "wygl"."""
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()


@functools.lru_cache(maxsize=4096)
def spelled(name: str) -> str:
    """The whole pinyin without tones: 劲松街道 → "jinsongjiedao" (initials alone often clash)."""
    return "".join(lazy_pinyin(name, errors="ignore")).lower()


def search_words(instance: Any) -> str:
    name = getattr(instance, "name", "")
    words = [
        name,
        initials(name),
        spelled(name),
        getattr(instance, "code", ""),
        getattr(instance, "name_en", ""),
    ]
    return " ".join(w for w in words if w).lower()


class SearchableSelect(forms.Select):
    """A select whose options say what they answer to, for the search box."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"data-picker": "", **(attrs or {})})

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-search"] = search_words(instance)
        return option


def make_searchable(form: forms.BaseForm, *names: str) -> None:
    """Show the named model choice fields of a constructed ``form`` as searchable drop-downs."""
    for name in names:
        field = form.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.widget = SearchableSelect()
        field.widget.choices = field.choices
