from django.urls import path

from minsheng.monthly.forecast import views as forecast
from minsheng.monthly.programme import views as programme
from minsheng.monthly.selection import views

app_name = "monthly"

urlpatterns = [
    path("", views.index, name="index"),
    path("runs/", views.start, name="start"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("runs/<int:pk>/candidates/<str:key>/", views.candidate_detail, name="candidate"),
    path("runs/<int:pk>/candidates/<str:key>/decision", views.decide, name="decide"),
    path("runs/<int:pk>/candidates/<str:key>/cases.csv", views.numbers, name="numbers"),
]

urlpatterns += [
    path(
        "runs/<int:pk>/candidates/<str:key>/plan", programme.plan_candidate, name="plan_candidate"
    ),
    path("programme/", programme.plans, name="plans"),
    path("programme/<int:year>/", programme.plan, name="plan"),
    path("programme/<int:year>/months/<int:month>/", programme.theme, name="theme"),
    path(
        "programme/<int:year>/months/<int:month>/problems/new",
        programme.problem_new,
        name="problem_new",
    ),
    path("programme/<int:year>/meetings/", programme.meetings, name="meetings"),
    path("programme/<int:year>/supervision/", programme.supervision, name="supervision"),
    path("programme/<int:year>/review/", programme.review_page, name="review"),
    path("programme/<int:year>/review.xlsx", programme.review_xlsx, name="review_xlsx"),
    path("programme/meetings/<int:pk>/", programme.meeting, name="meeting"),
    path("programme/problems/<int:pk>/", programme.problem, name="problem"),
    path("programme/problems/<int:pk>/edit", programme.problem_edit, name="problem_edit"),
    path("programme/problems/<int:pk>/cases.csv", programme.problem_cases, name="problem_cases"),
    path("programme/problems/<int:pk>/tasks", programme.task_add, name="task_add"),
    path("programme/problems/<int:pk>/policies", programme.policy_add, name="policy_add"),
    path("programme/problems/<int:pk>/notes", programme.note_add, name="note_add"),
    path("programme/problems/<int:pk>/documents", programme.document_add, name="document_add"),
    path("programme/documents/<int:pk>/", programme.document, name="document"),
    path(
        "programme/problems/<int:pk>/supervision",
        programme.supervision_open,
        name="supervision_open",
    ),
    path("programme/tasks/<int:pk>/status", programme.task_status, name="task_status"),
    path(
        "programme/supervision/<int:pk>/close",
        programme.supervision_close,
        name="supervision_close",
    ),
]

urlpatterns += [
    path("forecasts/", forecast.index, name="forecasts"),
    path("forecasts/new", forecast.start, name="forecast_start"),
    path("forecasts/<int:pk>/", forecast.detail, name="forecast"),
    path("forecasts/<int:pk>/forecast.<str:fmt>", forecast.export, name="forecast_export"),
    path("forecasts/items/", forecast.items, name="proactive_items"),
    path("forecasts/items/<int:pk>/assign", forecast.assign, name="proactive_assign"),
    path("forecasts/items/<int:pk>/dismiss", forecast.dismiss, name="proactive_dismiss"),
]
