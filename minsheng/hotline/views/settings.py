"""Administrators' pages: dispatch rules and Open311 partner keys."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.core.forms import apply_form
from minsheng.core.http import AuthenticatedRequest
from minsheng.hotline import actions, forms
from minsheng.hotline.models import DispatchRule, PartnerKey


@login_required
def rules(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "hotline.view_dispatchrule")
    form = forms.RuleForm(request.POST or None)
    if request.method == "POST":
        access.require(request.user, "hotline.add_dispatchrule")
        if apply_form(form, lambda data: actions.save_dispatch_rule(actor=request.user, **data)):
            messages.success(request, _("The rule is saved."))
            return redirect("hotline:rules")
    active = access.scope(
        request.user,
        "hotline.view_dispatchrule",
        DispatchRule.objects.filter(is_active=True).select_related("category", "region", "unit"),
    ).prefetch_related("cooperating_units")
    return render(
        request,
        "hotline/rules.html",
        {
            "rules": active,
            "form": form,
            "may_edit": access.can(request.user, "hotline.add_dispatchrule"),
        },
    )


@login_required
@require_POST
def deactivate_rule(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(
        access.scope(request.user, "hotline.view_dispatchrule", DispatchRule.objects.all()), pk=pk
    )
    actions.deactivate_dispatch_rule(actor=request.user, rule=rule)
    messages.success(request, _("The rule no longer applies."))
    return redirect("hotline:rules")


@login_required
def partners(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "hotline.view_partnerkey")
    form = forms.PartnerForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        partner, key = actions.issue_partner_key(actor=request.user, name=form.cleaned_data["name"])
        issued = {"partner": partner, "key": key}
        form = forms.PartnerForm()
    return render(
        request,
        "hotline/partners.html",
        {
            "partners": PartnerKey.objects.all(),
            "form": form,
            "issued": issued,
        },
    )
