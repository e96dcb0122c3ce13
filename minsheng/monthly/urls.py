from django.urls import path

from minsheng.monthly import views

app_name = "monthly"

urlpatterns = [
    path("", views.index, name="index"),
    path("runs/", views.start, name="start"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("runs/<int:pk>/candidates/<str:key>/", views.candidate_detail, name="candidate"),
    path("runs/<int:pk>/candidates/<str:key>/decision", views.decide, name="decide"),
    path("runs/<int:pk>/candidates/<str:key>/cases.csv", views.numbers, name="numbers"),
]
