"""Staff see which log-ins are paused after wrong passwords, and unlock them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.web import lockout


class UnlockForm(forms.Form):
    username = forms.CharField(label=_("Login name"), max_length=150, required=False)
    address = forms.GenericIPAddressField(label=_("Address"), required=False)

    def clean(self) -> dict[str, str]:
        cleaned = super().clean() or {}
        if not (cleaned.get("username") or cleaned.get("address")):
            raise forms.ValidationError(_("Name a login name or an address to unlock."))
        return cleaned


@login_required
def locked_logins(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "web.unlock_login")
    return render(
        request,
        "web/locked_logins.html",
        {"lockouts": lockout.current_lockouts(), "form": UnlockForm()},
    )


@login_required
@require_POST
def unlock_login(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "web.unlock_login")
    form = UnlockForm(request.POST)
    if not form.is_valid():
        context = {"lockouts": lockout.current_lockouts(), "form": form}
        return render(request, "web/locked_logins.html", context, status=400)
    lockout.unlock(actor=request.user, **form.cleaned_data)
    messages.success(request, gettext("Logging in is possible again."))
    return redirect("web:locked_logins")
