"""Writing a notification in the reader's language: a title and a text for the inbox, an e-mail
(plain and HTML, from templates), a short plain text message whose segments are counted.

Payload values are plain data: a dict with ``zh-hans`` and ``en`` keys is a bilingual name, a
key ending in ``_at`` an ISO time shown in Beijing time, anything else is shown as it is.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from minsheng.notifications import conf
from minsheng.notifications.registry import Kind

# A text message of up to 70 characters (Chinese or not, in UCS-2) is one segment; a longer one
# is split into parts of 67, each carrying its place in the whole.
SINGLE_SEGMENT = 70
MULTI_SEGMENT = 67


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str
    sms: str
    link: str  # absolute


def sms_segments(text: str) -> int:
    length = len(text)
    if length <= SINGLE_SEGMENT:
        return 1 if length else 0
    return math.ceil(length / MULTI_SEGMENT)


def language_of(code: str | None) -> str:
    known = {code for code, _label in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE


def render(
    kind: Kind, payload: dict[str, Any], *, language: str, link: str = "", about: str = ""
) -> Rendered:
    """The texts of ``kind`` for ``payload`` in ``language``; ``about`` names the person the
    reader receives it for (a relative, or an elder the station acts for)."""
    with translation.override(language_of(language)):
        values = {key: _display(value, language) for key, value in payload.items()}
        title = _fill(kind.title, values)
        body = _fill(kind.body, values) if kind.body else ""
        short = _fill(kind.sms, values) if kind.sms else title
        if about:
            title = _("For %(name)s: %(text)s") % {"name": about, "text": title}
            short = _("For %(name)s: %(text)s") % {"name": about, "text": short}
        absolute = absolute_url(link)
        sms = f"{short} {absolute}" if absolute and payload.get("sms_link") else short
    return Rendered(title=title[:200], body=body, sms=sms, link=absolute)


def render_email(rendered: Rendered, *, language: str) -> tuple[str, str]:
    """The plain and HTML bodies of the e-mail for ``rendered``."""
    with translation.override(language_of(language)):
        context = {"message": rendered, "site_url": conf.site_url()}
        text = render_to_string("notifications/email.txt", context)
        html = render_to_string("notifications/email.html", context)
    return text, html


def absolute_url(link: str) -> str:
    if not link or link.startswith(("http://", "https://")):
        return link
    return conf.site_url().rstrip("/") + "/" + link.lstrip("/")


def _fill(template: Any, values: dict[str, str]) -> str:
    text = str(template)
    try:
        return text % values if values else text.replace("%%", "%")
    except (KeyError, TypeError, ValueError):
        # A payload missing a value must not stop delivery: show what can be shown.
        return text


def _display(value: Any, language: str) -> str:
    if isinstance(value, dict):
        return str(value.get(language) or value.get(settings.LANGUAGE_CODE) or "")
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")
    return str(value)


def bilingual(value: Any) -> dict[str, str]:
    """A payload value in both languages: a model with ``name``/``name_en``, or a lazy string."""
    if hasattr(value, "name_en"):
        return {"zh-hans": value.name, "en": value.name_en or value.name}
    names = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            names[code] = str(value)
    return names
