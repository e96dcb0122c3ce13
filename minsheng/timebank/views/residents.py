"""Pages for volunteers, elders and their families: requests, services, the account."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.core.http import AuthenticatedRequest
from minsheng.people import relations
from minsheng.people.models import User
from minsheng.regions.models import Region
from minsheng.timebank import ledger, policies
from minsheng.timebank.actions import funding
from minsheng.timebank.actions import orders as order_actions
from minsheng.timebank.forms import GiftForm, PostRequestForm, TransferForm
from minsheng.timebank.ledger.balances import INTERNAL_KINDS
from minsheng.timebank.models import (
    COMMITTED_STATES,
    HOLDING_STATES,
    Account,
    Milestone,
    OrderState,
    ServiceCategory,
    ServiceItem,
    ServiceOrder,
    VolunteerProfile,
)
from minsheng.timebank.views.common import perform_posted, signed_in_user

LIST_RELATED = ("beneficiary", "volunteer", "region", "item__category")


@login_required
def open_requests(request: AuthenticatedRequest) -> HttpResponse:
    """Approved requests waiting for a volunteer, nearest first."""
    access.require(request.user, "timebank.browse_open_orders")
    orders = ServiceOrder.objects.open_for_booking().select_related(*LIST_RELATED)
    district = request.GET.get("district", "")
    category = request.GET.get("category", "")
    if district:
        orders = orders.filter(region__path__startswith=f"110000.{district}.")
    if category:
        orders = orders.filter(category__code=category)
    orders = orders.nearest_first(request.user.home_region)
    page = Paginator(orders, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "timebank/open_requests.html",
        {
            "page": page,
            "districts": Region.objects.districts(),
            "categories": ServiceCategory.objects.all(),
            "district": district,
            "category": category,
        },
    )


@login_required
def my_services(request: AuthenticatedRequest) -> HttpResponse:
    """A volunteer's bookings: coming up, waiting for confirmation, done."""
    mine = ServiceOrder.objects.filter(volunteer=request.user).select_related(*LIST_RELATED)
    past = mine.exclude(state__in=[*COMMITTED_STATES, OrderState.SIGNED_OUT, OrderState.DISPUTED])
    return render(
        request,
        "timebank/my_services.html",
        {
            "upcoming": mine.filter(state__in=COMMITTED_STATES).order_by("starts_at"),
            "waiting": mine.filter(state__in=[OrderState.SIGNED_OUT, OrderState.DISPUTED]),
            "page": Paginator(past.order_by("-starts_at"), 20).get_page(request.GET.get("page")),
        },
    )


def _cared_for(user: User) -> list[User]:
    """The people whose requests this user follows: themself, and verified relatives."""
    ids = {user.pk}
    if "family_member" in access.roles_of(user):
        ids |= relations.verified_relative_ids(user)
    return list(User.objects.filter(pk__in=ids).order_by("name"))


@login_required
def my_requests(request: AuthenticatedRequest) -> HttpResponse:
    people = _cared_for(request.user)
    orders = ServiceOrder.objects.filter(
        Q(beneficiary__in=people) | Q(payer=request.user)
    ).select_related(*LIST_RELATED)
    open_states = [OrderState.POSTED, OrderState.APPROVED, *HOLDING_STATES]
    return render(
        request,
        "timebank/my_requests.html",
        {
            "open": orders.filter(state__in=open_states).order_by("starts_at"),
            "page": Paginator(
                orders.exclude(state__in=open_states).order_by("-starts_at"), 20
            ).get_page(request.GET.get("page")),
            "may_post": access.can(request.user, "timebank.post_order"),
            "relatives": [person for person in people if person.pk != request.user.pk],
        },
    )


def _beneficiaries(request: AuthenticatedRequest) -> QuerySet[User]:
    """Who this user may post for: a named person (?for=), or themself and relatives."""
    wanted = request.GET.get("for") or request.POST.get("beneficiary")
    scope = access.scope(request.user, "timebank.post_order", User.objects.all())
    if wanted and str(wanted).isdigit():
        return scope.filter(pk=int(wanted))
    ids = [person.pk for person in _cared_for(request.user)]
    return scope.filter(pk__in=ids, elder_profile__isnull=False)


@login_required
def post_request(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "timebank.post_order")
    beneficiaries = _beneficiaries(request)
    first = beneficiaries.first()
    if first is None:
        raise PermissionDenied(_("There is nobody you can post a request for."))
    items = ServiceItem.objects.available_in(first.home_region)
    form = PostRequestForm(request.POST or None, beneficiaries=beneficiaries, items=items)
    order = perform_posted(
        request,
        form,
        lambda data: order_actions.post_order(
            actor=request.user,
            beneficiary=data["beneficiary"],
            item=data["item"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            description=data["description"],
            address=data["address"],
            payer=_spouse_payer(data["beneficiary"]) if data["pay_from_spouse"] else None,
        ),
        success=_("The request is posted. The station will review it soon."),
    )
    if order:
        return redirect("timebank:order", pk=order.pk)
    return render(request, "timebank/post_request.html", {"form": form, "beneficiary": first})


def _spouse_payer(person: User) -> User | None:
    ids = relations.verified_relative_ids(person)
    for other in User.objects.filter(pk__in=ids):
        if relations.is_verified_spouse(person, other):
            return other
    return None


# --- Accounts --------------------------------------------------------------------------------


def _as_of(request: AuthenticatedRequest) -> dt.datetime | None:
    raw = request.GET.get("as_of", "")
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def account_context(request: AuthenticatedRequest, person: User) -> dict[str, Any]:
    account, hold = ledger.viewed_accounts(person)  # a GET opens no account
    policy = policies.current()
    page = Paginator(ledger.person_legs(person), 20).get_page(request.GET.get("page"))
    as_of = _as_of(request)
    level = policy.star_level(account.earned)
    thresholds = policy.star_thresholds_minutes
    return {
        "person": person,
        "account": account,
        "held": hold.balance,
        "page": page,
        "as_of": as_of,
        "as_of_balance": (
            ledger.balance_as_of([account, hold], as_of, exclude_kinds=INTERNAL_KINDS)
            if as_of
            else None
        ),
        "is_volunteer": VolunteerProfile.objects.filter(person=person).exists(),
        "as_of_day": request.GET.get("as_of", ""),
        "star_level": level,
        "next_star_minutes": thresholds[level] if level < 5 else None,
        "care_home": policy.reaches_care_home(account.earned),
        "care_home_minutes": policy.care_home_hours * 60,
        "milestones": Milestone.objects.filter(person=person),
        "is_self": person.pk == request.user.pk,
        "has_relatives": bool(relations.verified_relative_ids(person)),
        **_account_buttons(request.user, person),
    }


def _account_buttons(viewer: User, person: User) -> dict[str, bool]:
    """Which gift and donation buttons another person's account page offers ``viewer``.

    The holder and their station (for an elder) move the holder's coins; a verified direct
    relative cannot spend them, but may give their own coins to the holder.
    """
    if viewer.pk == person.pk:
        return {"acts_for": False, "gives_own": False}
    acts_for = (
        hasattr(person, "elder_profile")
        and access.can(viewer, "timebank.act_for_parties", person)
        and access.can(viewer, "timebank.give_gift", person)
    )
    gives_own = not acts_for and relations.is_verified_direct_relative(viewer, person)
    return {"acts_for": acts_for, "gives_own": gives_own}


@login_required
def my_account(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "timebank/account.html", account_context(request, request.user))


@login_required
def person_account(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Another person's account: for their station, district, city, or a verified relative."""
    accounts = Account.objects.filter(kind="person").select_related("owner")
    account = get_object_or_404(
        access.scope(request.user, "timebank.view_account", accounts), owner_id=pk
    )
    # A personal account always has an owner (constraint account_owner_matches_kind).
    owner = cast(User, account.owner)
    return render(request, "timebank/account.html", account_context(request, owner))


def _transfer_page(request: AuthenticatedRequest, person: User, *, gift: bool) -> HttpResponse:
    relatives = User.objects.filter(pk__in=relations.verified_relative_ids(person))
    form_class: type[TransferForm] = GiftForm if gift else TransferForm
    kwargs: dict[str, Any] = {"relatives": relatives} if gift else {}
    initial: dict[str, Any] = {"client_key": funding.new_client_key()}
    wanted = request.GET.get("to", "")
    if gift and wanted.isdigit() and relatives.filter(pk=int(wanted)).exists():
        initial["receiver"] = int(wanted)
    form = form_class(request.POST or None, initial=initial, **kwargs)

    def give(data: dict[str, Any]) -> Any:
        return funding.give_gift(
            actor=request.user,
            giver=person,
            receiver=data["receiver"],
            minutes=data["minutes"],
            client_key=data["client_key"],
            note=data["note"],
        )

    def donate(data: dict[str, Any]) -> Any:
        return funding.donate(
            actor=request.user,
            donor=person,
            minutes=data["minutes"],
            client_key=data["client_key"],
            note=data["note"],
        )

    success = (
        _("The coins are given.") if gift else _("Thank you for your donation to the public pool.")
    )
    if perform_posted(request, form, give if gift else donate, success=success):
        if person.pk == request.user.pk:
            return redirect("timebank:my_account")
        return redirect("timebank:person_account", pk=person.pk)
    return render(
        request,
        "timebank/transfer.html",
        {
            "form": form,
            "gift": gift,
            "person": person,
            "balance": ledger.viewed_accounts(person)[0].balance,
        },
    )


def _holder(request: AuthenticatedRequest) -> User:
    """The account holder: the user, or (for station staff) the elder named by ?for=."""
    wanted = request.GET.get("for") or request.POST.get("for")
    if wanted and str(wanted).isdigit() and int(wanted) != request.user.pk:
        elders = access.scope(request.user, "timebank.act_for_parties", User.objects.all())
        return get_object_or_404(elders.filter(elder_profile__isnull=False), pk=int(wanted))
    return signed_in_user(request)


@login_required
def give(request: AuthenticatedRequest) -> HttpResponse:
    person = _holder(request)
    access.require(request.user, "timebank.give_gift", person)
    return _transfer_page(request, person, gift=True)


@login_required
def donate(request: AuthenticatedRequest) -> HttpResponse:
    person = _holder(request)
    access.require(request.user, "timebank.donate", person)
    return _transfer_page(request, person, gift=False)
