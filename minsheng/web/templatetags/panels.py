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

from minsheng.core.modules import EVERY_PAGE, HOME_PAGE, panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def object_panels(context: template.Context, obj: Any) -> SafeString:
    return _render(context, obj)


@register.simple_tag(takes_context=True)
def home_panels(context: template.Context) -> SafeString:
    """The cards modules add to the logged-in person's home page."""
    return _render(context, None, place=HOME_PAGE)


@register.simple_tag(takes_context=True)
def page_panels(context: template.Context) -> SafeString:
    """What modules put under the header of every page for the logged-in person."""
    return _render(context, None, place=EVERY_PAGE)


def _render(context: template.Context, obj: Any, *, place: str = "") -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return SafeString("")
    target = user if place else obj
    rendered = (
        (render_to_string(panel.template, {**panel.context, "object": target}, request=request),)
        for panel in panels_for(user, target, place=place)
    )
    return format_html_join("", "{}", rendered)
