from django.urls import path

from minsheng.carelink import views

app_name = "carelink"

urlpatterns = [
    path("cases/<str:number>/service/", views.turn_into_service, name="turn_into_service"),
]
