"""Pages for station operators (and district and city staff in their areas): the review queue,
assignment, disputes, registrations, grants and the pool."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.core.http import AuthenticatedRequest
from minsheng.people.models import Relationship, User
from minsheng.timebank import clock, eligibility, ledger, policies
from minsheng.timebank.actions import funding, registration
from minsheng.timebank.forms import (
    AllocationForm,
    CareNeedForm,
    ElderCircumstancesForm,
    ProposeGrantForm,
    ReasonForm,
    RegisterElderForm,
    RegisterVolunteerForm,
    TrainingForm,
)
from minsheng.timebank.models import (
    ElderProfile,
    Grant,
    OrderState,
    ServiceOrder,
    Station,
    VolunteerProfile,
)
from minsheng.timebank.views.common import attempt, form_page, perform_posted, scoped

QUEUE_RELATED = ("beneficiary", "volunteer", "region", "item__category", "station__organisation")


def _orders(request: AuthenticatedRequest) -> QuerySet[ServiceOrder]:
    return access.scope(
        request.user, "timebank.view_order", ServiceOrder.objects.select_related(*QUEUE_RELATED)
    )


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """The station's day: what waits for review, for a volunteer, for a decision."""
    access.require(request.user, "timebank.review_order")
    orders = _orders(request)
    policy = policies.current()
    soon = clock.now() + dt.timedelta(days=2)
    late = clock.now() - dt.timedelta(days=policy.auto_confirm_days - 1)
    return render(
        request,
        "timebank/station_home.html",
        {
            "to_review": orders.filter(state=OrderState.POSTED).order_by("created_at")[:50],
            "to_assign": orders.filter(
                state=OrderState.APPROVED, starts_at__lte=soon, starts_at__gt=clock.now()
            ).order_by("starts_at")[:50],
            "disputes": orders.filter(state=OrderState.DISPUTED).order_by("signed_out_at")[:50],
            "unconfirmed": orders.filter(
                state=OrderState.SIGNED_OUT, signed_out_at__lt=late
            ).order_by("signed_out_at")[:50],
            "counts": orders.aggregate(
                posted=Count("pk", filter=Q(state=OrderState.POSTED)),
                approved=Count("pk", filter=Q(state=OrderState.APPROVED)),
                booked=Count("pk", filter=Q(state__in=[OrderState.BOOKED, OrderState.SIGNED_IN])),
                disputed=Count("pk", filter=Q(state=OrderState.DISPUTED)),
            ),
            "grants_waiting": access.scope(
                request.user, "timebank.view_grant", Grant.objects.filter(state="proposed")
            ).count(),
        },
    )


@login_required
def order_list(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "timebank.view_order")
    orders = _orders(request)
    state = request.GET.get("state", "")
    if state in OrderState.values:
        orders = orders.filter(state=state)
    page = Paginator(orders.order_by("-starts_at", "-pk"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "timebank/order_list.html",
        {"page": page, "state": state, "states": OrderState.choices},
    )


# --- Registrations -------------------------------------------------------------------------------


def _stations(request: AuthenticatedRequest, action: str) -> QuerySet[Station]:
    return access.scope(
        request.user, action, Station.objects.approved().select_related("organisation")
    )


@login_required
def people(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "timebank.register_volunteer")
    text = request.GET.get("q", "").strip()
    volunteers = access.scope(
        request.user,
        "timebank.view_volunteer",
        VolunteerProfile.objects.select_related("person", "station__organisation"),
    )
    elders = access.scope(
        request.user,
        "timebank.view_elder",
        ElderProfile.objects.select_related("person", "station__organisation"),
    )
    if text:
        volunteers = volunteers.filter(Q(person__name__icontains=text) | Q(person__username=text))
        elders = elders.filter(Q(person__name__icontains=text) | Q(person__username=text))
    return render(
        request,
        "timebank/people.html",
        {
            "q": text,
            "volunteers": Paginator(volunteers.order_by("person__name"), 25).get_page(
                request.GET.get("vpage")
            ),
            "elders": Paginator(elders.order_by("person__name"), 25).get_page(
                request.GET.get("epage")
            ),
        },
    )


def _station_choice(request: AuthenticatedRequest, action: str) -> Station | None:
    stations = _stations(request, action)
    wanted = request.POST.get("station") or request.GET.get("station")
    if wanted and str(wanted).isdigit():
        return stations.filter(pk=int(wanted)).first()
    return stations.first()


@login_required
def register_volunteer(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "timebank.register_volunteer")
    form = RegisterVolunteerForm(request.POST or None)
    station = _station_choice(request, "timebank.register_volunteer")
    profile = station is not None and perform_posted(
        request,
        form,
        lambda data: registration.register_volunteer(
            actor=request.user,
            person=data["person"],
            station=station,
            guardian=data["guardian"],
            skills=data["skills"],
        ),
        success=_("The volunteer is registered. Record their training next."),
    )
    if profile:
        return redirect("timebank:volunteer", pk=profile.pk)
    return render(
        request,
        "timebank/register.html",
        {
            "form": form,
            "title": _("Register a volunteer"),
            "station": station,
            "stations": _stations(request, "timebank.register_volunteer"),
        },
    )


@login_required
def register_elder(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "timebank.register_elder")
    form = RegisterElderForm(request.POST or None)
    station = _station_choice(request, "timebank.register_elder")
    profile = station is not None and perform_posted(
        request,
        form,
        lambda data: registration.register_elder(actor=request.user, station=station, **data),
        success=_("The elder is registered. Record their care need next."),
    )
    if profile:
        return redirect("timebank:elder", pk=profile.pk)
    return render(
        request,
        "timebank/register.html",
        {
            "form": form,
            "title": _("Register an elder"),
            "station": station,
            "stations": _stations(request, "timebank.register_elder"),
        },
    )


@login_required
def volunteer_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    profile = scoped(
        request,
        "timebank.view_volunteer",
        VolunteerProfile.objects.select_related("person", "station__organisation", "guardian"),
        pk,
    )
    form = TrainingForm(request.POST or None, initial={"completed_on": clock.today()})
    may_record = access.can(request.user, "timebank.record_training", profile)
    if may_record and perform_posted(
        request,
        form,
        lambda data: registration.record_training(actor=request.user, volunteer=profile, **data),
        success=_("The training is recorded."),
    ):
        return redirect("timebank:volunteer", pk=profile.pk)
    account, _hold = ledger.viewed_accounts(profile.person)
    return render(
        request,
        "timebank/volunteer_detail.html",
        {
            "profile": profile,
            "form": form,
            "may_record": may_record,
            "trainings": profile.trainings.select_related("recorded_by"),
            "problems": eligibility.volunteer_problems(profile.person, policies.current()),
            "account": account,
            "star_level": policies.current().star_level(account.earned),
            "services": ServiceOrder.objects.filter(volunteer=profile.person)
            .select_related("item", "region")
            .order_by("-starts_at")[:10],
        },
    )


@login_required
def elder_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    profile = scoped(
        request,
        "timebank.view_elder",
        ElderProfile.objects.select_related("person", "station__organisation"),
        pk,
    )
    form = CareNeedForm(request.POST or None)
    may_register = access.can(request.user, "timebank.register_care_need", profile.person)
    if may_register and perform_posted(
        request,
        form,
        lambda data: registration.register_care_need(
            actor=request.user, person=profile.person, **data
        ),
        success=_("The care need is recorded."),
    ):
        return redirect("timebank:elder", pk=profile.pk)
    person = profile.person
    relations = Relationship.objects.filter(Q(person=person) | Q(relative=person)).select_related(
        "person", "relative"
    )
    return render(
        request,
        "timebank/elder_detail.html",
        {
            "profile": profile,
            "person": person,
            "form": form,
            "may_register": may_register,
            "needs": person.care_needs.prefetch_related("categories"),
            "relations": relations,
            "account": ledger.viewed_accounts(person)[0],
            "held": ledger.viewed_accounts(person)[1].balance,
            "grants": person.timebank_grants.select_related("rule", "issuer")[:10],
            "orders": ServiceOrder.objects.filter(beneficiary=person)
            .select_related("item", "volunteer")
            .order_by("-starts_at")[:10],
            "rules": eligibility.matching_rules(person),
            "circumstances": ElderCircumstancesForm(
                initial={key: getattr(profile, key) for key in ElderCircumstancesForm.base_fields}
            ),
            "may_post": access.can(request.user, "timebank.post_order", person),
            "may_act": access.can(request.user, "timebank.act_for_parties", person),
        },
    )


@login_required
@require_POST
def update_elder(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    profile = scoped(request, "timebank.view_elder", ElderProfile.objects.all(), pk)
    form = ElderCircumstancesForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: registration.update_elder(
                actor=request.user, elder=profile, **form.cleaned_data
            ),
            success=_("The circumstances are saved."),
        )
    return redirect("timebank:elder", pk=profile.pk)


@login_required
@require_POST
def end_care_need(request: AuthenticatedRequest, pk: int, need_pk: int) -> HttpResponse:
    profile = scoped(request, "timebank.view_elder", ElderProfile.objects.all(), pk)
    need = get_object_or_404(profile.person.care_needs.all(), pk=need_pk)
    attempt(
        request,
        lambda: registration.end_care_need(
            actor=request.user, need=need, reason=request.POST.get("reason", "")
        ),
        success=_("The care need has ended."),
    )
    return redirect("timebank:elder", pk=profile.pk)


# --- Grants and the pool ---------------------------------------------------------------------


@login_required
def grants(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "timebank.view_grant")
    queryset = access.scope(
        request.user,
        "timebank.view_grant",
        Grant.objects.select_related("recipient", "rule", "issuer", "proposed_by", "decided_by"),
    )
    state = request.GET.get("state", "proposed")
    if state in Grant.State.values:
        queryset = queryset.filter(state=state)
    page = Paginator(queryset.order_by("-proposed_at"), 30).get_page(request.GET.get("page"))
    decidable = {
        grant.pk
        for grant in page
        if grant.state == "proposed"
        and access.can(request.user, "timebank.approve_grant", grant.issuer)
    }
    return render(
        request,
        "timebank/grants.html",
        {
            "page": page,
            "state": state,
            "states": Grant.State.choices,
            "decidable": decidable,
            "may_propose": access.can(request.user, "timebank.propose_grant"),
        },
    )


@login_required
def propose_grant(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "timebank.propose_grant")
    initial = {}
    if request.GET.get("for", "").isdigit():
        person = User.objects.filter(pk=int(request.GET["for"])).first()
        if person:
            initial["recipient"] = person.username
    return form_page(
        request,
        ProposeGrantForm(request.POST or None, initial=initial),
        lambda data: funding.propose_grant(actor=request.user, **data),
        success=_("The grant is proposed; an administrator of the issuer will decide."),
        done=lambda _grant: redirect("timebank:grants"),
        title=_("Propose a grant"),
        submit=_("Propose"),
    )


@login_required
@require_POST
def approve_grant(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = scoped(request, "timebank.view_grant", Grant.objects.all(), pk)
    attempt(
        request,
        lambda: funding.approve_grant(
            actor=request.user, grant=grant, note=request.POST.get("note", "")
        ),
        success=_("The grant is approved and credited."),
    )
    return redirect("timebank:grants")


@login_required
def reject_grant(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grant = scoped(request, "timebank.view_grant", Grant.objects.all(), pk)
    return form_page(
        request,
        ReasonForm(request.POST or None),
        lambda data: funding.reject_grant(actor=request.user, grant=grant, note=data["reason"]),
        success=_("The grant is rejected."),
        done=lambda _grant: redirect("timebank:grants"),
        title=_("Reject the grant"),
        submit=_("Reject"),
    )


@login_required
def allocate(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "timebank.allocate_pool")
    initial = {"client_key": funding.new_client_key()}
    return form_page(
        request,
        AllocationForm(request.POST or None, initial=initial),
        lambda data: funding.allocate_from_pool(
            actor=request.user,
            recipient=data["recipient"],
            minutes=data["minutes"],
            reason=data["reason"],
            client_key=data["client_key"],
        ),
        success=_("The coins are allocated from the public pool."),
        done=lambda _transfer: redirect("timebank:allocate"),
        title=_("Allocate from the public pool"),
        submit=_("Allocate"),
        explanation=_("The pool holds %(coins)s coins donated by residents.")
        % {"coins": ledger.pool_account().balance // 60},
    )
