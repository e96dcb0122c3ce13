from django.urls import path
from rest_framework.routers import DefaultRouter

from minsheng.hotline import api
from minsheng.hotline.knowledge.api import KnowledgeSearch

app_name = "hotline_api"

router = DefaultRouter()
router.register("cases", api.CaseViewSet, basename="case")
router.register("categories", api.CategoryViewSet, basename="category")
router.register("rules", api.RuleViewSet, basename="rule")
router.register("assessment/units", api.UnitMonthViewSet, basename="unit-month")
router.register("assessment/districts", api.DistrictMonthViewSet, basename="district-month")

urlpatterns = [
    *router.urls,
    path("knowledge/", KnowledgeSearch.as_view(), name="knowledge-search"),
]
