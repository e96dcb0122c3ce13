"""Pages of the city and the districts: policies, catalogue, budgets, stations, the ledger."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.core.http import AuthenticatedRequest
from minsheng.people.models import Organisation
from minsheng.regions.models import Region
from minsheng.timebank import clock, ledger, policies
from minsheng.timebank.actions import administration, funding, registration
from minsheng.timebank.forms import (
    BudgetForm,
    GrantRuleForm,
    PolicyForm,
    ReverseForm,
    ServiceItemForm,
)
from minsheng.timebank.models import GrantBudget, GrantRule, ServiceItem, Station, Transaction
from minsheng.timebank.views.common import attempt, perform_posted, scoped


@login_required
def policy_settings(request: AuthenticatedRequest) -> HttpResponse:
    may_change = access.can(request.user, "timebank.manage_policy")
    access.require(request.user, "timebank.view_reports")
    policy = policies.current()
    form = PolicyForm(request.POST or None, policy=policy)
    if request.method == "POST" and may_change and form.is_valid():
        changed = [key for key, value in form.cleaned_data.items() if value != getattr(policy, key)]
        ok = True
        for key in changed:
            ok = (
                bool(
                    attempt(
                        request,
                        partial(
                            administration.change_policy,
                            actor=request.user,
                            key=key,
                            value=form.cleaned_data[key],
                        ),
                        success=_("Saved: %(setting)s") % {"setting": policies.BY_KEY[key].label},
                        form=form,
                    )
                )
                and ok
            )
        if ok:
            return redirect("timebank:policies")
    return render(
        request,
        "timebank/policies.html",
        {
            "form": form,
            "may_change": may_change,
            "rules": GrantRule.objects.all(),
            "rule_form": GrantRuleForm(),
        },
    )


@login_required
@require_POST
def save_grant_rule(request: AuthenticatedRequest) -> HttpResponse:
    form = GrantRuleForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        attempt(
            request,
            lambda: administration.save_grant_rule(actor=request.user, **data),
            success=_("The grant rule is saved."),
        )
    else:
        messages.error(request, _("Please correct the grant rule: every field is needed."))
    return redirect("timebank:policies")


@login_required
def catalogue(request: AuthenticatedRequest) -> HttpResponse:
    items = ServiceItem.objects.select_related("category", "region").order_by(
        "category__position", "region__path", "code"
    )
    if not access.can(request.user, "timebank.manage_catalogue"):
        access.require(request.user, "timebank.view_reports")
    regions = access.scope(
        request.user,
        "timebank.manage_catalogue",
        Region.objects.filter(level__lte=Region.Level.DISTRICT),
    )
    editing = None
    if request.GET.get("edit", "").isdigit():
        editing = items.filter(pk=int(request.GET["edit"]), region__in=regions).first()
    initial: dict[str, Any] = {}
    if editing:
        initial = {
            field: getattr(editing, field)
            for field in (
                "region",
                "category",
                "code",
                "name",
                "name_en",
                "description",
                "typical_minutes",
                "is_active",
            )
        }
    form = ServiceItemForm(request.POST or None, regions=regions, initial=initial)
    if perform_posted(
        request,
        form,
        lambda data: administration.save_service_item(actor=request.user, **data),
        success=_("The service item is saved."),
    ):
        return redirect("timebank:catalogue")
    return render(
        request,
        "timebank/catalogue.html",
        {
            "items": items,
            "form": form if regions.exists() else None,
            "editing": editing,
            "editable": set(items.filter(region__in=regions).values_list("pk", flat=True)),
        },
    )


@login_required
def budgets(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "timebank.view_budget")
    rows = access.scope(
        request.user, "timebank.view_budget", GrantBudget.objects.select_related("region")
    ).order_by("-year", "region__path")
    form = BudgetForm(request.POST or None, initial={"year": clock.today().year})
    may_set = access.can(request.user, "timebank.set_budget")
    if may_set and perform_posted(
        request,
        form,
        lambda data: funding.set_budget(actor=request.user, **data),
        success=_("The budget is set."),
    ):
        return redirect("timebank:budgets")
    budgets_ = []
    for budget in rows[:60]:
        issued = funding.issued_in_year(ledger.issuance_account(budget.region), budget.year)
        budgets_.append((budget, issued, budget.minutes - issued))
    return render(
        request,
        "timebank/budgets.html",
        {"budgets": budgets_, "form": form if may_set else None},
    )


@login_required
def stations(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "timebank.view_station")
    rows = access.scope(
        request.user,
        "timebank.view_station",
        Station.objects.select_related("organisation", "region", "decided_by"),
    )
    candidates = (
        access.scope(
            request.user,
            "timebank.request_station",
            Organisation.objects.filter(
                kind__in=[Organisation.Kind.SERVICE_STATION, Organisation.Kind.INSTITUTION],
                region__level=Region.Level.SUBDISTRICT,
                timebank_station__isnull=True,
            ).select_related("region"),
        )
        if access.can(request.user, "timebank.request_station")
        else Organisation.objects.none()
    )
    return render(
        request,
        "timebank/stations.html",
        {
            "stations": rows,
            "candidates": candidates,
            "may_decide": access.can(request.user, "timebank.approve_station"),
        },
    )


@login_required
@require_POST
def request_station(request: AuthenticatedRequest) -> HttpResponse:
    organisation = scoped(
        request,
        "timebank.request_station",
        Organisation.objects.select_related("region"),
        request.POST.get("organisation"),
    )
    attempt(
        request,
        lambda: registration.request_station(actor=request.user, organisation=organisation),
        success=_("The station is proposed; approve it to open it."),
    )
    return redirect("timebank:stations")


@login_required
@require_POST
def decide_station(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    station = scoped(request, "timebank.view_station", Station.objects.all(), pk)
    approve = request.POST.get("decision") == "approve"
    attempt(
        request,
        lambda: registration.decide_station(
            actor=request.user, station=station, approve=approve, note=request.POST.get("note", "")
        ),
        success=_("The station is approved.") if approve else _("The station is suspended."),
    )
    return redirect("timebank:stations")


@login_required
def transactions(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "timebank.view_transaction")
    rows = access.scope(
        request.user,
        "timebank.view_transaction",
        Transaction.objects.select_related("authorised_by", "order", "region"),
    )
    kind = request.GET.get("kind", "")
    if kind in Transaction.Kind.values:
        rows = rows.filter(kind=kind)
    number = request.GET.get("number", "").strip().lstrip("#")
    if number.isdigit():
        rows = rows.filter(pk=int(number))
    rows = rows.annotate(amount=Sum("legs__amount", filter=Q(legs__side="C")))
    page = Paginator(rows.order_by("-posted_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "timebank/transactions.html",
        {"page": page, "kind": kind, "kinds": Transaction.Kind.choices, "number": number},
    )


@login_required
def transaction_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    tx = scoped(
        request,
        "timebank.view_transaction",
        Transaction.objects.select_related(
            "authorised_by", "order", "grant", "transfer", "reverses", "region"
        ),
        pk,
    )
    may_reverse = tx.kind in funding.REVERSIBLE and access.can(
        request.user, "timebank.reverse_transaction", tx
    )
    form = ReverseForm(request.POST or None)
    reversal = may_reverse and perform_posted(
        request,
        form,
        lambda data: funding.reverse_transaction(actor=request.user, original=tx, **data),
        success=_("The reversal is posted."),
    )
    if reversal:
        return redirect("timebank:transaction", pk=reversal.pk)
    return render(
        request,
        "timebank/transaction_detail.html",
        {
            "tx": tx,
            "legs": tx.legs.select_related("account__owner", "account__region"),
            "reversals": tx.reversals.all(),
            "reversed": funding.reversed_minutes(tx),
            "may_reverse": may_reverse,
            "form": form,
        },
    )
