from django.urls import path

app_name = "timebank_api"

urlpatterns: list[path] = []
