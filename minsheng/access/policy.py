"""The authorisation policy.

A **rule** names an action (``"hotline.dispatch_case"``) and, for each role that may perform it,
the **scope** in which it may:

* ``SUBTREE``: objects in the region subtree where the role is held (a station its sub-district,
  a district its subtree, the city everything);
* ``ORGANISATION``: objects of the organisation the role is held for (a handling unit's cases);
* ``OWN``: objects the person is party to, or that concern an elder they are a verified relative of.

Models say where they live by :func:`register_model` (the lookups to their region path, their
organisations and their people). One definition of the scope serves both questions: "may I act on
this object?" and "which objects may I see?", so lists and single pages can never disagree.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minsheng.people.roles import Role
from minsheng.regions.models import Region

M = TypeVar("M", bound=models.Model)


class Scope(enum.Enum):
    SUBTREE = "subtree"
    ORGANISATION = "organisation"
    OWN = "own"


@dataclass(frozen=True)
class Rule:
    action: str
    grants: dict[str, Scope]


@dataclass(frozen=True)
class Targets:
    """Lookups from a model to what scopes filter on."""

    region_path: str | None = None
    organisations: tuple[str, ...] = ()
    people: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grant:
    """One role assignment, reduced to what the policy needs."""

    role: str
    region_path: str
    region_level: int
    organisation_id: int | None


@dataclass
class Subject:
    """The acting user's grants, loaded once per user object (so once per request)."""

    user_id: int
    grants: list[Grant]
    people_ids: set[int] = field(default_factory=set)

    @property
    def roles(self) -> set[str]:
        return {grant.role for grant in self.grants}


RULES: dict[str, Rule] = {}
TARGETS: dict[type[models.Model], Targets] = {}


def define(action: str, **grants: Scope) -> None:
    """Declare who may perform ``action``: ``define("x.view_y", city_admin=Scope.SUBTREE)``."""
    unknown = set(grants) - set(Role.values)
    if unknown:
        raise ImproperlyConfigured(f"Unknown roles in rule {action}: {sorted(unknown)}")
    RULES[action] = Rule(action, dict(grants))


def register_model(
    model: type[models.Model],
    *,
    region_path: str | None = None,
    organisations: Iterable[str] = (),
    people: Iterable[str] = (),
) -> None:
    TARGETS[model] = Targets(region_path, tuple(organisations), tuple(people))


def subject(user: Any) -> Subject:
    cached = getattr(user, "_access_subject", None)
    if cached is not None:
        return cached
    from minsheng.people.relations import verified_relative_ids

    grants = [
        Grant(a.role, a.region.path, a.region.level, a.organisation_id)
        for a in user.role_assignments.select_related("region")
    ]
    loaded = Subject(user_id=user.pk, grants=grants, people_ids={user.pk})
    if any(grant.role == Role.FAMILY_MEMBER for grant in grants):
        loaded.people_ids |= verified_relative_ids(user)
    user._access_subject = loaded
    return loaded


def forget(user: Any) -> None:
    """Drop the cached grants (after roles change within one request)."""
    if hasattr(user, "_access_subject"):
        del user._access_subject


def roles_of(user: Any) -> set[str]:
    if not _is_active(user):
        return set()
    return subject(user).roles


def can(user: Any, action: str, obj: Any = None) -> bool:
    """May ``user`` perform ``action`` (on ``obj``, if given)?"""
    rule = _rule(action)
    if not _is_active(user):
        return False
    if user.is_superuser:
        return True
    grants = _granting(subject(user), rule)
    if not grants:
        return False
    if obj is None:
        return True
    if isinstance(obj, Region):
        return any(
            rule.grants[g.role] is Scope.SUBTREE and obj.path.startswith(g.region_path)
            for g in grants
        )
    if obj.pk is None:
        raise ImproperlyConfigured("Check permissions on saved objects or on a region.")
    condition = _condition(user, rule, type(obj))
    return (
        condition is not None and type(obj)._default_manager.filter(condition, pk=obj.pk).exists()
    )


def require(user: Any, action: str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` (HTTP 403) unless :func:`can` allows it."""
    if not can(user, action, obj):
        raise PermissionDenied(_("You do not have permission to do this here."))


def scope(user: Any, action: str, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """The part of ``queryset`` on which ``user`` may perform ``action``."""
    rule = _rule(action)
    if not _is_active(user):
        return queryset.none()
    if user.is_superuser:
        return queryset
    condition = _condition(user, rule, queryset.model)
    if condition is None:
        return queryset.none()
    filtered = queryset.filter(condition)
    # A lookup through a many-valued relation (a case's several handling units) can repeat rows.
    return filtered.distinct() if condition and _needs_distinct(queryset.model) else filtered


def region_paths(user: Any, action: str) -> list[str] | None:
    """Region subtrees where ``user`` may perform ``action``; ``None`` means everywhere."""
    rule = _rule(action)
    if not _is_active(user):
        return []
    if user.is_superuser:
        return None
    paths = [
        g.region_path
        for g in _granting(subject(user), rule)
        if rule.grants[g.role] is Scope.SUBTREE
    ]
    if any(path.count(".") == 1 for path in paths):
        return None
    return paths


def _rule(action: str) -> Rule:
    try:
        return RULES[action]
    except KeyError:
        raise ImproperlyConfigured(f"No access rule is defined for {action!r}.") from None


def _is_active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _granting(loaded: Subject, rule: Rule) -> list[Grant]:
    return [grant for grant in loaded.grants if grant.role in rule.grants]


def _targets(model: type[models.Model]) -> Targets:
    try:
        return TARGETS[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model.__name__} is not registered with minsheng.access.register_model()."
        ) from None


def _needs_distinct(model: type[models.Model]) -> bool:
    targets = _targets(model)
    lookups = [*targets.organisations, *targets.people, targets.region_path or ""]
    return any(_crosses_many(model, lookup) for lookup in lookups if lookup)


def _crosses_many(model: type[models.Model], lookup: str) -> bool:
    current: Any = model
    for part in lookup.split("__"):
        try:
            field_ = current._meta.get_field(part)
        except Exception:
            return False
        if field_.many_to_many or field_.one_to_many:
            return True
        if not field_.is_relation:
            return False
        current = field_.related_model
    return False


def _condition(user: Any, rule: Rule, model: type[models.Model]) -> Q | None:
    """The filter matching every object the user may act on, or ``None`` for nothing."""
    targets = _targets(model)
    loaded = subject(user)
    condition: Q | None = None
    for grant in _granting(loaded, rule):
        part = _grant_condition(grant, rule.grants[grant.role], targets, loaded)
        if part is None:
            continue
        if not part:  # Q() matches everything: no need to look further
            return Q()
        condition = part if condition is None else condition | part
    return condition


def _grant_condition(grant: Grant, scope_: Scope, targets: Targets, loaded: Subject) -> Q | None:
    if scope_ is Scope.SUBTREE:
        if grant.region_level == Region.Level.CITY:
            return Q()
        if targets.region_path is None:
            return None
        return Q(**{f"{targets.region_path}__startswith": grant.region_path})
    if scope_ is Scope.ORGANISATION:
        if grant.organisation_id is None or not targets.organisations:
            return None
        return _any_of(targets.organisations, grant.organisation_id)
    if not targets.people:
        return None
    condition = Q()
    for lookup in targets.people:
        part = Q(**{f"{lookup}__in": sorted(loaded.people_ids)})
        condition = part if not condition else condition | part
    return condition


def _any_of(lookups: tuple[str, ...], value: int) -> Q:
    condition = Q(**{lookups[0]: value})
    for lookup in lookups[1:]:
        condition |= Q(**{lookup: value})
    return condition
