"""The shell: landing page, log-in, role home pages and display preferences."""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.core.modules import attention_for, tiles_for
from minsheng.people.roles import Role
from minsheng.web import availability, preferences
from minsheng.web.forms import LoginForm


def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "web/landing.html")


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        # The person's own language wins from the moment they log in.
        language = form.get_user().preferred_language
        translation.activate(language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=preferences.ONE_YEAR)
        return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = access.roles_of(request.user)
    return render(
        request,
        "web/home.html",
        {
            "tiles": [_tile_link(tile) for tile in tiles_for(roles)],
            "waiting": attention_for(request.user),
            "role_labels": [Role(role).label for role in sorted(roles)],
        },
    )


def _tile_link(tile: Any) -> dict[str, Any]:
    try:
        url = reverse(tile.url_name, kwargs=tile.url_kwargs or None)
    except NoReverseMatch:
        url = None
    return {"title": tile.title, "description": tile.description, "url": url}


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language (a plain form, no JavaScript); remembered for a logged-in person."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if request.user.is_authenticated and request.user.preferred_language != language:
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    response = _back(request)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=preferences.ONE_YEAR)
    return response


@require_POST
def set_text_size(request: HttpRequest) -> HttpResponse:
    return _remember_display_choice(
        request,
        request.POST.get("size", "normal"),
        preferences.TEXT_SIZES,
        preferences.TEXT_SIZE_COOKIE,
    )


@require_POST
def set_contrast(request: HttpRequest) -> HttpResponse:
    return _remember_display_choice(
        request,
        request.POST.get("contrast", "standard"),
        preferences.CONTRASTS,
        preferences.CONTRAST_COOKIE,
    )


def _remember_display_choice(
    request: HttpRequest, value: str, allowed: Container[str], cookie: str
) -> HttpResponse:
    """Back to the page, keeping ``value`` in ``cookie`` for a year if it is an allowed one."""
    response = _back(request)
    if value in allowed:
        response.set_cookie(cookie, value, max_age=preferences.ONE_YEAR)
    return response


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return HttpResponseRedirect(target)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/csrf_failure.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"status": 404}, status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"status": 403, "detail": exception}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"status": 400}, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    if availability.database_is_down():
        return availability.unavailable(request)
    return render(request, "web/error.html", {"status": 500}, status=500)
