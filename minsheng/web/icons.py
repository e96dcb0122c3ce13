"""The site's icon at the address browsers ask for by themselves (``/favicon.ico``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    # A redirect to the static file, so that production serves it with its hashed, cached name.
    return HttpResponseRedirect(static("web/favicon.ico"))
