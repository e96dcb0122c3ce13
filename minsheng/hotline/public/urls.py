from django.urls import path

from minsheng.hotline.public import views

app_name = "results"

urlpatterns = [
    path("", views.results, name="index"),
    path("<slug:slug>.csv", views.table_csv, name="csv"),
]
