"""``{% object_panels obj %}``: the boxes other modules add to an object's page.

A page offers the place; modules register what goes there (``core.modules.add_panel``), so the
page's module does not import them.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from minsheng.core.modules import panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def object_panels(context: template.Context, obj: Any) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return SafeString("")
    rendered = (
        (render_to_string(panel.template, {**panel.context, "object": obj}, request=request),)
        for panel in panels_for(user, obj)
    )
    return format_html_join("", "{}", rendered)
