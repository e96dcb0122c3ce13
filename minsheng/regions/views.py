"""The districts' schematic outlines for maps drawn without tiles (``hotline/map.js``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from minsheng.regions import bundled


@require_GET
@cache_control(public=True, max_age=86400)
def district_outlines(request: HttpRequest) -> HttpResponse:
    """The shipped GeoJSON as it is: public data, the same for everyone."""
    return HttpResponse(bundled.district_outlines(), content_type="application/geo+json")
