from django.contrib.auth import views as auth_views
from django.urls import path

from minsheng.web import icons, lockout_views, views

app_name = "web"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="registration/password_change.html",
            success_url="/accounts/password/done/",
        ),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_changed.html"
        ),
        name="password_change_done",
    ),
    path("accounts/locked/", lockout_views.locked_logins, name="locked_logins"),
    path("accounts/locked/unlock/", lockout_views.unlock_login, name="unlock_login"),
    path("home/", views.home, name="home"),
    path("preferences/language/", views.set_language, name="set_language"),
    path("preferences/text-size/", views.set_text_size, name="set_text_size"),
    path("preferences/contrast/", views.set_contrast, name="set_contrast"),
    path("favicon.ico", icons.favicon, name="favicon"),
]
