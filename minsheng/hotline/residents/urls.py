from django.urls import path

from minsheng.hotline.residents import views

app_name = "residents"

urlpatterns = [
    path("report/", views.report, name="report"),
    path("report/code/", views.report_code, name="report_code"),
    path("report/suggest/", views.suggest, name="suggest"),
    path("report/received/", views.received, name="received"),
    path("track/", views.track, name="track"),
    path("track/link/<str:token>/", views.track_link, name="link"),
    path("track/key/", views.track_by_key, name="track_key"),
    path("track/key/<str:number>/<str:key>/", views.key_link, name="key_link"),
    path("track/<str:number>/", views.case, name="case"),
    path("track/<str:number>/survey/", views.survey, name="survey"),
    path("track/<str:number>/add/", views.add_information, name="add"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("photos/<int:pk>/thumb/", views.photo, {"size": "thumb"}, name="thumbnail"),
]
