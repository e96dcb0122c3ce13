"""The API root: reference data, the signed-in person, tokens. Modules add their own routes."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from minsheng.people.api import MeView, OrganisationViewSet, PersonViewSet
from minsheng.regions.api import RegionViewSet
from minsheng.web.api_token import TokenView

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("people", PersonViewSet, basename="person")
router.register("organisations", OrganisationViewSet, basename="organisation")

urlpatterns = [
    path("", include(router.urls)),
    path("me/", MeView.as_view(), name="me"),
    path("token/", TokenView.as_view(), name="token"),
]
