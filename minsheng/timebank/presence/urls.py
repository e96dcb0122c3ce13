"""The phone app and the presence desk, mounted at /timebank/field/."""

from django.urls import path

from minsheng.timebank.presence import desk, views

app_name = "presence"

urlpatterns = [
    path("", views.field, name="field"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("service-worker.js", views.service_worker, name="service_worker"),
    path(
        "visits/<int:pk>/<str:kind>/without-code/",
        views.sign_without_code,
        name="sign_without_code",
    ),
    path("signs/", views.receive_sign, name="receive_sign"),
    path("devices/", views.register_device, name="register_device"),
    # The station's desk
    path("desk/", desk.desk, name="desk"),
    path("desk/checks/<int:pk>/confirm/", desk.confirm_check, name="confirm_check"),
    path("desk/checks/<int:pk>/phone-code/", desk.confirm_by_phone_code, name="phone_code"),
    path("desk/checks/<int:pk>/reject/", desk.reject_check, name="reject_check"),
    path("desk/elders/<int:pk>/card/", desk.card, name="card"),
    path("desk/elders/<int:pk>/card/new/", desk.issue_card, name="issue_card"),
]
