from django.urls import path
from rest_framework.routers import DefaultRouter

from minsheng.monthly import api

app_name = "monthly_api"

router = DefaultRouter()
router.register("runs", api.RunViewSet, basename="run")

urlpatterns = [path("suggest/", api.SuggestCategory.as_view(), name="suggest"), *router.urls]
