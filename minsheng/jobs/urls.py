from django.urls import path

from minsheng.jobs import views

app_name = "jobs"

urlpatterns = [
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/status/", views.status, name="status"),
]
