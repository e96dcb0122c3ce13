"""Who may do what, by the scheme's rules: ages from the ID number, training, relations, needs.

Each function returns the reasons a person does not qualify (empty when they do), in words, so
that pages and the API can say exactly what is missing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from minsheng.people import relations
from minsheng.people.models import Relationship
from minsheng.timebank import clock
from minsheng.timebank.models import CareNeed, ElderProfile, GrantRule, VolunteerProfile
from minsheng.timebank.policies import Policy


def age(person: Any, day: dt.date | None = None) -> int | None:
    return person.age_on(day or clock.today())


def volunteer_problems(person: Any, policy: Policy, day: dt.date | None = None) -> list[str]:
    """Why ``person`` may not take bookings now (registration, training, age and guardian)."""
    problems = []
    years = age(person, day)
    if years is None:
        problems.append(_("The resident ID number is not registered, so the age is unknown."))
    profile = VolunteerProfile.objects.filter(person=person).first()
    if profile is None:
        problems.append(_("Not registered as a volunteer at a station."))
        return problems
    if profile.status == VolunteerProfile.Status.SUSPENDED:
        problems.append(_("The volunteer registration is suspended."))
    elif not profile.trainings.exists():
        problems.append(_("No training is recorded yet."))
    if years is not None and years < policy.volunteer_min_age and not _has_guardian(profile):
        problems.append(
            _("Volunteers under %(age)s need a guardian whose relation is verified.")
            % {"age": policy.volunteer_min_age}
        )
    return problems


def _has_guardian(profile: VolunteerProfile) -> bool:
    return profile.guardian is not None and (
        relations.verified_relation(profile.person, profile.guardian) == Relationship.Kind.GUARDIAN
    )


def has_care_need(person: Any) -> bool:
    return CareNeed.objects.filter(person=person, ended_at__isnull=True).exists()


def recipient_problems(person: Any, policy: Policy, day: dt.date | None = None) -> list[str]:
    """Why services cannot be posted for ``person``."""
    problems = []
    years = age(person, day)
    if years is None:
        problems.append(_("The resident ID number is not registered, so the age is unknown."))
    elif years < policy.elder_min_age:
        problems.append(
            _("Services are for people aged %(age)s or more.") % {"age": policy.elder_min_age}
        )
    if policy.require_care_need and not has_care_need(person):
        problems.append(_("No care need is registered for this person at a station."))
    return problems


def payer_problems(payer: Any, beneficiary: Any, policy: Policy) -> list[str]:
    """Why ``payer``'s account may not pay for ``beneficiary``'s service.

    Stored coins pay for the holder's own care or their verified spouse's, once that person is
    old enough and has a registered care need.
    """
    problems = []
    if payer.pk != beneficiary.pk and not relations.is_verified_spouse(payer, beneficiary):
        problems.append(_("Coins can pay only for the holder's own care or a verified spouse's."))
    years = age(beneficiary)
    if years is None or years < policy.redemption_min_age:
        problems.append(
            _("Stored coins are redeemed from the age of %(age)s.")
            % {"age": policy.redemption_min_age}
        )
    if not has_care_need(beneficiary) and (policy.require_care_need or payer.pk != beneficiary.pk):
        problems.append(_("No care need is registered for this person at a station."))
    return problems


def gift_problems(giver: Any, receiver: Any) -> list[str]:
    if giver.pk == receiver.pk:
        return [_("Coins cannot be given to oneself.")]
    if not relations.is_verified_direct_relative(giver, receiver):
        return [
            _(
                "Coins can be given only to a direct relative (parent, grandparent, child, "
                "grandchild) whose relation a station has verified."
            )
        ]
    return []


def grant_rule_problems(rule: GrantRule, person: Any, day: dt.date | None = None) -> list[str]:
    """Why ``person`` does not meet ``rule``."""
    problems = []
    if not rule.is_active:
        problems.append(_("This grant rule is no longer in force."))
    years = age(person, day)
    if years is None or years < rule.min_age:
        problems.append(_("Under the rule's minimum age of %(age)s.") % {"age": rule.min_age})
    profile = ElderProfile.objects.filter(person=person).first()
    if profile is None:
        problems.append(_("Not registered as an elder at a station."))
        return problems
    if rule.requires_lives_alone and not profile.lives_alone:
        problems.append(_("The rule requires living alone."))
    if rule.requires_disability and not profile.disabled:
        problems.append(_("The rule requires a disability."))
    if rule.requires_low_income and not profile.low_income:
        problems.append(_("The rule requires a low income."))
    return problems


def matching_rules(person: Any) -> list[GrantRule]:
    return [
        rule
        for rule in GrantRule.objects.filter(is_active=True)
        if not grant_rule_problems(rule, person)
    ]
