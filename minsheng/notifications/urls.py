from django.urls import path

from minsheng.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.open_message, name="open"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("push/<int:pk>/remove/", views.unsubscribe, name="unsubscribe"),
    path("outbox/", views.outbox, name="outbox"),
    path("deliveries/", views.deliveries, name="deliveries"),
    path("deliveries/<int:pk>/resend/", views.resend, name="resend"),
    path("survey/answers/", views.survey_answers, name="survey_answers"),
    path("survey/<str:token>/", views.survey, name="survey"),
    path("service-worker.js", views.service_worker, name="service_worker"),
]
