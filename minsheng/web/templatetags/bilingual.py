"""``{{ item|in_language:"name" }}``: a name in the page's language for data that carries both.

Reference data travels in dictionaries as well as models (a candidate's categories and units):
the filter picks ``name_en`` on English pages when there is one, and ``name`` otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from minsheng.core.i18n import english_active

register = template.Library()


def _get(item: Any, field: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(field, "")
    return getattr(item, field, "")


@register.filter
def in_language(item: Any, field: str = "name") -> Any:
    if english_active():
        english = _get(item, f"{field}_en")
        if english:
            return english
    return _get(item, field)
