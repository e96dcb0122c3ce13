from django.urls import path

from minsheng.carelink import api

app_name = "carelink_api"

urlpatterns = [path("cases/<str:number>/service/", api.CaseService.as_view(), name="service")]
