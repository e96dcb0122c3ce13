"""The Time Bank's API, mounted at /api/timebank/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from minsheng.timebank.api import views

app_name = "timebank_api"

router = DefaultRouter()
router.register("orders", views.OrderViewSet, basename="order")
router.register("accounts", views.AccountViewSet, basename="account")
router.register("transactions", views.TransactionViewSet, basename="transaction")
router.register("transfers", views.TransferViewSet, basename="transfer")
router.register("grants", views.GrantViewSet, basename="grant")
router.register("budgets", views.BudgetViewSet, basename="budget")
router.register("grant-rules", views.GrantRuleViewSet, basename="grant-rule")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("items", views.ItemViewSet, basename="item")
router.register("stations", views.StationViewSet, basename="station")
router.register("volunteers", views.VolunteerViewSet, basename="volunteer")
router.register("elders", views.ElderViewSet, basename="elder")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("attendances", views.AttendanceViewSet, basename="attendance")

urlpatterns = [
    path("", include(router.urls)),
    path("gifts/", views.GiftView.as_view(), name="gift"),
    path("donations/", views.DonationView.as_view(), name="donation"),
    path("allocations/", views.AllocationView.as_view(), name="allocation"),
    path("policies/", views.PolicyView.as_view(), name="policies"),
    path("reports/<slug:name>/", views.ReportView.as_view(), name="report"),
]
