from django.urls import path

from minsheng.people import views

app_name = "people"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("register/", views.register, name="register"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/id-number/", views.reveal_id_number, name="reveal_id_number"),
    path("<int:pk>/password/", views.set_password, name="set_password"),
    path("<int:pk>/roles/", views.grant_role, name="grant_role"),
    path("<int:pk>/roles/<int:assignment_pk>/revoke/", views.revoke_role, name="revoke_role"),
    path("<int:pk>/relations/", views.record_relationship, name="record_relationship"),
    path(
        "<int:pk>/relations/<int:relation_pk>/verify/",
        views.verify_relationship,
        name="verify_relationship",
    ),
]
