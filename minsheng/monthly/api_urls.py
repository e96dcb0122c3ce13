from django.urls import path

app_name = "monthly_api"

urlpatterns: list[path] = []
