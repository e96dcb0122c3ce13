from django.urls import path

app_name = "monthly"

urlpatterns: list[path] = []
