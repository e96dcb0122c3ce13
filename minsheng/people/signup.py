"""Residents sign themselves up (``/join/register/``): name, a phone proved by a texted code,
a password, and optionally their ID number (validated) and their sub-district. The login name is
the phone. Roles (volunteer, elder) are still given by a station, under the Time Bank's rules.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login, password_validation
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from minsheng.core import identity
from minsheng.people import actions, verification
from minsheng.people.models import User
from minsheng.regions.models import Region

PURPOSE = "people.register"


class SignupForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=64)
    phone = forms.CharField(
        label=gettext_lazy("Your mobile phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=gettext_lazy("You log in with this number."),
    )
    code = forms.CharField(
        label=gettext_lazy("Code from the text message"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    id_number = forms.CharField(
        label=gettext_lazy("ID number (optional)"),
        max_length=18,
        required=False,
        help_text=gettext_lazy(
            "Needed later to volunteer or to receive services; stored encrypted."
        ),
    )
    home_region = forms.ModelChoiceField(
        queryset=Region.objects.filter(level=3).order_by("path"),
        label=gettext_lazy("Your sub-district (optional)"),
        required=False,
    )


def register_self(
    *,
    name: str,
    phone: str,
    code: str,
    password: str,
    id_number: str = "",
    home_region: Region | None = None,
) -> User:
    """Create the person once the phone is proved; nothing is created if anything is wrong."""
    number = identity.parse_mobile(phone)
    if User.objects.find_by_phone(number).exists():
        raise ValidationError(
            {"phone": _("An account with this phone exists already. Log in, or ask your station.")}
        )
    if id_number:
        identity.parse_resident_id(id_number)  # a clear message before the code is used
    password_validation.validate_password(password, User(username=number, name=name))
    verification.check_code(phone=number, purpose=PURPOSE, code=code)
    return actions.register_person(
        actor=None,
        username=number,
        name=name,
        home_region=home_region,
        id_number=id_number,
        phone=number,
        password=password,
    )


def _errors_into(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.error_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error("password" if error.code and "password" in str(error.code) else None, error)


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = register_self(**form.cleaned_data)
        except ValidationError as error:
            _errors_into(form, error)
        else:
            login(request, person, backend="minsheng.access.backend.ScopedPermissionBackend")
            messages.success(request, _("Welcome. Your account is ready."))
            return redirect("web:home")
    return render(request, "people/signup.html", {"form": form})


@require_POST
def signup_code(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST)
    try:
        verification.send_code(phone=request.POST.get("phone", ""), purpose=PURPOSE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("A code was sent to your phone. It is valid for 10 minutes."))
    form.errors.clear()
    return render(request, "people/signup.html", {"form": form})
