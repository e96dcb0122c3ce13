"""URL map: the shell, each module under its own prefix, the API under /api/."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from minsheng.people import signup
from minsheng.regions import views as regions
from minsheng.timebank.views import applications as timebank_applications
from minsheng.timebank.views import joining as timebank_joining
from minsheng.web import admin_site  # noqa: F401  (applies the scoped admin site settings)

api_patterns: list[URLPattern | URLResolver] = [
    path("", include("minsheng.core.api_urls")),
    path("timebank/", include("minsheng.timebank.api_urls")),
    path("hotline/", include("minsheng.hotline.api_urls")),
    path("monthly/", include("minsheng.monthly.api_urls")),
    path("carelink/", include("minsheng.carelink.api_urls")),
    path("notifications/", include("minsheng.notifications.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view keeps its script in a file of its own, as the security policy requires.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", include("minsheng.web.urls")),
    path("people/", include("minsheng.people.urls")),
    path("audit/", include("minsheng.audit.urls")),
    path("jobs/", include("minsheng.jobs.urls")),
    path("timebank/field/", include("minsheng.timebank.presence.urls")),
    path("timebank/", include("minsheng.timebank.urls")),
    path("hotline/", include("minsheng.hotline.urls")),
    path("open311/v2/", include("minsheng.hotline.open311_urls")),
    path("monthly/", include("minsheng.monthly.urls")),
    path("carelink/", include("minsheng.carelink.urls")),
    path("notifications/", include("minsheng.notifications.urls")),
    path("12345/results/", include("minsheng.hotline.public.urls")),
    path("12345/", include("minsheng.hotline.residents.urls")),
    path("regions/districts.geojson", regions.district_outlines, name="district_outlines"),
    path("join/", timebank_joining.join, name="join"),
    path("join/register/", signup.signup, name="signup"),
    path("join/volunteer/", timebank_applications.apply, name="volunteer_apply"),
    path("join/register/code/", signup.signup_code, name="signup_code"),
    path("api/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
]

handler400 = "minsheng.web.views.bad_request"
handler403 = "minsheng.web.views.permission_denied"
handler404 = "minsheng.web.views.not_found"
handler500 = "minsheng.web.views.server_error"
