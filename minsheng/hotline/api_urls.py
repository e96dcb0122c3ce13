from django.urls import path
from rest_framework.routers import DefaultRouter

from minsheng.hotline import api
from minsheng.hotline.knowledge.api import KnowledgeSearch
from minsheng.hotline.residents import api as residents

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
    path("residents/code/", residents.CodeView.as_view(), name="resident-code"),
    path("residents/reports/", residents.ReportView.as_view(), name="resident-report"),
    path("residents/proof/", residents.ProveView.as_view(), name="resident-proof"),
    path("residents/cases/<str:token>/", residents.CaseView.as_view(), name="resident-case"),
    path(
        "residents/cases/<str:token>/survey/",
        residents.SurveyView.as_view(),
        name="resident-survey",
    ),
    path(
        "residents/cases/<str:token>/information/",
        residents.InformationView.as_view(),
        name="resident-information",
    ),
]
