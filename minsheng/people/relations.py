"""Questions about family relations, looked up in both directions."""

from __future__ import annotations

from django.db.models import Q

from minsheng.people.models import Relationship, User


def verified_relation(person: User, other: User) -> str | None:
    """What ``other`` is to ``person`` (spouse, parent, ...), if an operator verified it."""
    rows = Relationship.objects.filter(verified_at__isnull=False).filter(
        Q(person=person, relative=other) | Q(person=other, relative=person)
    )
    for row in rows:
        if row.person_id == person.pk:
            return row.kind
        inverse = Relationship.INVERSE.get(Relationship.Kind(row.kind))
        if inverse:
            return inverse
    return None


def is_verified_spouse(person: User, other: User) -> bool:
    return verified_relation(person, other) == Relationship.Kind.SPOUSE


def is_verified_direct_relative(person: User, other: User) -> bool:
    return verified_relation(person, other) in Relationship.DIRECT_RELATIVES


def verified_relative_ids(person: User) -> set[int]:
    """Everyone with a verified relation to ``person``, either way round."""
    pairs = (
        Relationship.objects.filter(verified_at__isnull=False)
        .filter(Q(person=person) | Q(relative=person))
        .values_list("person_id", "relative_id")
    )
    return {other for pair in pairs for other in pair if other != person.pk}
