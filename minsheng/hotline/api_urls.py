from django.urls import path

app_name = "hotline_api"

urlpatterns: list[path] = []
