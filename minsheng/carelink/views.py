from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from minsheng import access
from minsheng.carelink import actions
from minsheng.carelink.forms import TurnIntoServiceForm
from minsheng.core.errors import Refused
from minsheng.core.forms import attach_errors
from minsheng.core.http import AuthenticatedRequest
from minsheng.hotline.models import Case
from minsheng.people.models import User
from minsheng.timebank.models import ServiceItem


@login_required
@require_http_methods(["GET", "POST"])
def turn_into_service(request: AuthenticatedRequest, number: str) -> HttpResponse:
    case = get_object_or_404(
        access.scope(
            request.user,
            "hotline.view_case",
            Case.objects.select_related("category", "subdistrict"),
        ),
        number=number,
    )
    access.require(request.user, "carelink.turn_into_service", case)
    form = TurnIntoServiceForm(
        request.POST or None,
        beneficiaries=_elders(request, case),
        items=ServiceItem.objects.available_in(case.subdistrict),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.turn_case_into_service(
                actor=request.user,
                case=case,
                elder=data["beneficiary"],
                item=data["item"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                consent_given_by=data["consent_given_by"],
                consent_method=data["consent_method"],
                consent_note=data["consent_note"],
                description=data["description"],
            )
        except Refused as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The service request is posted and linked to the case."))
            return redirect("hotline:case", number=case.number)
    return render(request, "carelink/turn.html", {"case": case, "form": form})


def _elders(request: AuthenticatedRequest, case: Case) -> QuerySet[User]:
    """Registered elders of the case's sub-district whom the user may post for."""
    elders = User.objects.filter(elder_profile__isnull=False).order_by("name")
    if case.subdistrict is not None:
        elders = elders.filter(home_region__path__startswith=case.subdistrict.path)
    return access.scope(request.user, "carelink.post_for_case", elders)
