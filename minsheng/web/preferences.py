"""Display preferences that elders keep between visits: text size and contrast (cookies)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

TEXT_SIZE_COOKIE = "minsheng_text_size"
CONTRAST_COOKIE = "minsheng_contrast"
TEXT_SIZES = {"normal": _("Normal text"), "large": _("Large text"), "largest": _("Largest text")}
CONTRASTS = {"standard": _("Standard colours"), "high": _("High contrast")}
ONE_YEAR = 60 * 60 * 24 * 365


def text_size(request: HttpRequest) -> str:
    value = request.COOKIES.get(TEXT_SIZE_COOKIE, "normal")
    return value if value in TEXT_SIZES else "normal"


def contrast(request: HttpRequest) -> str:
    value = request.COOKIES.get(CONTRAST_COOKIE, "standard")
    return value if value in CONTRASTS else "standard"
