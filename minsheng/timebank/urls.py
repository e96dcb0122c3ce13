from django.urls import path

app_name = "timebank"

urlpatterns: list[path] = []
