"""Pages for registering people, granting roles and verifying family relations."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from minsheng import access
from minsheng.core import crypto, identity
from minsheng.core.forms import apply_form
from minsheng.core.http import AuthenticatedRequest
from minsheng.people import actions
from minsheng.people.forms import (
    GrantRoleForm,
    RegisterPersonForm,
    RelationshipForm,
    SearchForm,
    SetPasswordForm,
    VerifyRelationshipForm,
)
from minsheng.people.models import (
    ID_HASH_PURPOSE,
    PHONE_HASH_PURPOSE,
    Relationship,
    RoleAssignment,
    User,
)


def _search(queryset: QuerySet[User], text: str) -> QuerySet[User]:
    """Names and login names by substring; phones and ID numbers only by their keyed hash."""
    text = text.strip()
    if not text:
        return queryset
    condition = Q(name__icontains=text) | Q(username__icontains=text)
    phone = identity.normalise_mobile(text)
    if identity.MOBILE_PATTERN.match(phone):
        condition |= Q(phone_hash=crypto.keyed_hash(phone, PHONE_HASH_PURPOSE))
    number = identity.normalise_resident_id(text)
    if identity.ID_PATTERN.match(number):
        condition |= Q(id_number_hash=crypto.keyed_hash(number, ID_HASH_PURPOSE))
    return queryset.filter(condition)


@login_required
def directory(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "people.browse_people")
    form = SearchForm(request.GET or None)
    people = access.scope(
        request.user, "people.view_user", User.objects.select_related("home_region")
    )
    if form.is_valid():
        people = _search(people, form.cleaned_data["q"])
    page = Paginator(people.order_by("name", "pk"), 25).get_page(request.GET.get("page"))
    return render(request, "people/directory.html", {"form": form, "page": page})


@login_required
def register(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "people.add_user")
    form = RegisterPersonForm(request.POST or None, user=request.user)
    # Unbound on a GET, the form is not valid: nobody is registered.
    person = apply_form(form, lambda data: actions.register_person(actor=request.user, **data))
    if person:
        messages.success(request, _("%(name)s is registered.") % {"name": person.name})
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/register.html", {"form": form})


def _person_in_scope(request: HttpRequest, pk: int) -> User:
    people = access.scope(
        request.user, "people.view_user", User.objects.select_related("home_region")
    )
    return get_object_or_404(people, pk=pk)


@login_required
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person_in_scope(request, pk)
    assignments = person.role_assignments.select_related("region", "organisation")
    relations = Relationship.objects.filter(Q(person=person) | Q(relative=person)).select_related(
        "person", "relative", "verified_by"
    )
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "assignments": assignments,
            "relations": relations,
            "grant_form": GrantRoleForm(user=request.user),
            "relation_form": RelationshipForm(),
            "verify_form": VerifyRelationshipForm(),
            "password_form": SetPasswordForm(),
            "may_set_password": access.can(request.user, "people.change_user", person),
            "may_reveal": access.can(request.user, "people.view_full_id_number", person),
            "may_grant": access.can(request.user, "people.add_roleassignment"),
            "may_relate": access.can(request.user, "people.add_relationship", person),
        },
    )


def _perform(request: HttpRequest, call: Callable[[], object], success: str) -> None:
    """Run an action and say how it went: done, or why the rules refused it."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)


@login_required
@require_POST
def reveal_id_number(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person_in_scope(request, pk)
    number = actions.reveal_id_number(viewer=request.user, person=person)
    return render(request, "people/revealed.html", {"person": person, "number": number})


@login_required
@require_POST
def grant_role(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person_in_scope(request, pk)
    form = GrantRoleForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            actions.grant_role(actor=request.user, user=person, **form.cleaned_data)
            messages.success(request, _("The role is granted."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.error(request, _("Choose a role and a place."))
    return redirect("people:detail", pk=person.pk)


@login_required
@require_POST
def revoke_role(request: AuthenticatedRequest, pk: int, assignment_pk: int) -> HttpResponse:
    person = _person_in_scope(request, pk)
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user=person)
    actions.revoke_role(actor=request.user, assignment=assignment)
    messages.success(request, _("The role is withdrawn."))
    return redirect("people:detail", pk=person.pk)


@login_required
@require_POST
def record_relationship(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person_in_scope(request, pk)
    form = RelationshipForm(request.POST)
    if form.is_valid():
        _perform(
            request,
            lambda: actions.record_relationship(
                actor=request.user,
                person=person,
                relative=form.cleaned_data["relative"],
                kind=form.cleaned_data["kind"],
            ),
            _("The relation is recorded. It counts once verified."),
        )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("people:detail", pk=person.pk)


@login_required
@require_POST
def verify_relationship(request: AuthenticatedRequest, pk: int, relation_pk: int) -> HttpResponse:
    person = _person_in_scope(request, pk)
    relation = get_object_or_404(
        Relationship.objects.filter(Q(person=person) | Q(relative=person)), pk=relation_pk
    )
    form = VerifyRelationshipForm(request.POST)
    if form.is_valid():
        actions.verify_relationship(
            actor=request.user, relation=relation, evidence=form.cleaned_data["evidence"]
        )
        messages.success(request, _("The relation is verified."))
    else:
        messages.error(request, _("Say which document proves the relation."))
    return redirect("people:detail", pk=person.pk)


@login_required
@require_POST
def set_password(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person_in_scope(request, pk)
    form = SetPasswordForm(request.POST)
    if form.is_valid():
        _perform(
            request,
            lambda: actions.set_password(
                actor=request.user, person=person, password=form.cleaned_data["password"]
            ),
            _("The new password is set. Tell it to the person in private."),
        )
    else:
        messages.error(request, _("Enter the new password."))
    return redirect("people:detail", pk=person.pk)
