"""The platform's URLs plus views that meet a database that went away."""

from django.db import OperationalError
from django.urls import include, path


def lost_connection(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [
    path("outage/", lost_connection),
    path("api/outage/", lost_connection),
    path("", include("minsheng.urls")),
]

handler500 = "minsheng.web.views.server_error"
