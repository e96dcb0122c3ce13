from django.urls import path
from rest_framework.routers import DefaultRouter

from minsheng.monthly.forecast import api as forecast
from minsheng.monthly.programme import api as programme
from minsheng.monthly.selection import api

app_name = "monthly_api"

router = DefaultRouter()
router.register("runs", api.RunViewSet, basename="run")
router.register("plans", programme.PlanViewSet, basename="plan")
router.register("problems", programme.ProblemViewSet, basename="problem")
router.register("forecasts/items", forecast.ProactiveItemViewSet, basename="proactive-item")
router.register("forecasts", forecast.ForecastRunViewSet, basename="forecast")

urlpatterns = [path("suggest/", api.SuggestCategory.as_view(), name="suggest"), *router.urls]
