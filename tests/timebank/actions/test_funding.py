"""Grants within budgets, gifts to verified relatives, donations, pool allocations, reversals."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minsheng.audit.models import AuditEntry
from minsheng.people.models import Relationship
from minsheng.timebank import ledger
from minsheng.timebank.actions import funding
from minsheng.timebank.errors import (
    IdempotencyConflict,
    IllegalMove,
    InsufficientBalance,
    NotEligible,
)
from minsheng.timebank.ledger import check
from minsheng.timebank.models import Grant, GrantRule, Transaction

pytestmark = pytest.mark.django_db


def rule(code="age-80"):
    return GrantRule.objects.get(code=code)


def test_a_grant_is_proposed_then_credited_when_approved(tb):
    elder = tb.elder("高龄", age=85)
    grant = funding.propose_grant(
        actor=tb.cast.station_operator, recipient=elder, rule=rule(), issuer=tb.chaoyang
    )
    assert grant.minutes == 600
    assert ledger.person_account(elder).balance == 0
    funding.approve_grant(actor=tb.cast.chaoyang_admin, grant=grant, note="符合条件")
    assert ledger.person_account(elder).balance == 600
    assert ledger.issuance_account(tb.chaoyang).balance == -600
    tx = Transaction.objects.get(grant=grant)
    assert tx.authorised_by == tb.cast.chaoyang_admin


def test_the_grant_rule_must_be_met(tb):
    younger = tb.elder("年轻老人", age=70)
    with pytest.raises(NotEligible, match="80"):
        funding.propose_grant(
            actor=tb.cast.station_operator, recipient=younger, rule=rule(), issuer=tb.chaoyang
        )
    with pytest.raises(NotEligible, match="alone"):
        funding.propose_grant(
            actor=tb.cast.station_operator,
            recipient=younger,
            rule=rule("alone-60"),
            issuer=tb.chaoyang,
        )


def test_a_district_cannot_approve_the_citys_grants(tb):
    elder = tb.elder("高龄", age=85)
    grant = funding.propose_grant(
        actor=tb.cast.station_operator, recipient=elder, rule=rule(), issuer=tb.city
    )
    with pytest.raises(PermissionDenied):
        funding.approve_grant(actor=tb.cast.chaoyang_admin, grant=grant)
    funding.approve_grant(actor=tb.cast.city_admin, grant=grant)


def test_grants_stay_within_the_issuers_budget(tb):
    funding.set_budget(actor=tb.cast.city_admin, region=tb.chaoyang, year=grant_year(), minutes=700)
    elder = tb.elder("高龄", age=85)
    first = funding.propose_grant(
        actor=tb.cast.station_operator, recipient=elder, rule=rule(), issuer=tb.chaoyang
    )
    second = funding.propose_grant(
        actor=tb.cast.station_operator, recipient=elder, rule=rule(), issuer=tb.chaoyang
    )
    funding.approve_grant(actor=tb.cast.chaoyang_admin, grant=first)
    with pytest.raises(NotEligible, match="budget"), transaction.atomic():
        funding.approve_grant(actor=tb.cast.chaoyang_admin, grant=second)
    assert Grant.objects.get(pk=second.pk).state == Grant.State.PROPOSED


def grant_year():
    from django.utils import timezone

    return timezone.localdate().year


def test_a_decided_grant_cannot_be_decided_again(tb):
    elder = tb.elder("高龄", age=85)
    grant = funding.propose_grant(
        actor=tb.cast.station_operator, recipient=elder, rule=rule(), issuer=tb.chaoyang
    )
    funding.reject_grant(actor=tb.cast.chaoyang_admin, grant=grant, note="已有补贴")
    with pytest.raises(IllegalMove):
        funding.approve_grant(actor=tb.cast.chaoyang_admin, grant=grant)


def test_coins_are_given_only_to_verified_direct_relatives(tb):
    friend = tb.person("朋友")
    with pytest.raises(NotEligible, match="direct relative"):
        funding.give_gift(
            actor=tb.cast.elder, giver=tb.cast.elder, receiver=friend, minutes=60, client_key="a"
        )
    gift = funding.give_gift(
        actor=tb.cast.elder,
        giver=tb.cast.elder,
        receiver=tb.cast.family,
        minutes=60,
        client_key="b",
    )
    assert gift.relation == Relationship.Kind.CHILD
    assert ledger.person_account(tb.cast.family).balance == 60


def test_a_spouse_is_not_a_direct_relative_for_gifts(tb):
    husband = tb.person("丈夫", age=80)
    tb.relate(tb.cast.elder, husband, Relationship.Kind.SPOUSE)
    with pytest.raises(NotEligible):
        funding.give_gift(
            actor=tb.cast.elder, giver=tb.cast.elder, receiver=husband, minutes=1, client_key="c"
        )


def test_a_retried_gift_is_given_once_and_a_changed_one_is_refused(tb):
    kwargs = {"actor": tb.cast.elder, "giver": tb.cast.elder, "receiver": tb.cast.family}
    first = funding.give_gift(**kwargs, minutes=60, client_key="k")
    again = funding.give_gift(**kwargs, minutes=60, client_key="k")
    assert again.pk == first.pk
    with pytest.raises(IdempotencyConflict):
        funding.give_gift(**kwargs, minutes=61, client_key="k")
    assert ledger.person_account(tb.cast.family).balance == 60


def test_the_station_gives_for_an_elder_and_is_recorded_as_acting_for_her(tb):
    funding.give_gift(
        actor=tb.cast.station_operator,
        giver=tb.cast.elder,
        receiver=tb.cast.family,
        minutes=30,
        client_key="p",
    )
    entry = AuditEntry.objects.get(action="timebank.gift")
    assert (entry.actor, entry.on_behalf_of) == (tb.cast.station_operator, tb.cast.elder)


def test_a_son_cannot_spend_his_mothers_coins(tb):
    with pytest.raises(PermissionDenied):
        funding.give_gift(
            actor=tb.cast.family,
            giver=tb.cast.elder,
            receiver=tb.cast.family,
            minutes=30,
            client_key="x",
        )


def test_donations_go_to_the_pool_and_the_station_allocates_them_with_a_reason(tb):
    funding.donate(actor=tb.cast.elder, donor=tb.cast.elder, minutes=120, client_key="d")
    assert ledger.pool_account().balance == 120
    needy = tb.elder("困难", age=75)
    with pytest.raises(ValidationError):
        funding.allocate_from_pool(
            actor=tb.cast.station_operator, recipient=needy, minutes=60, reason="", client_key="a"
        )
    funding.allocate_from_pool(
        actor=tb.cast.station_operator,
        recipient=needy,
        minutes=60,
        reason="独居困难",
        client_key="a",
    )
    assert ledger.person_account(needy).balance == 60
    with pytest.raises(InsufficientBalance), transaction.atomic():
        funding.allocate_from_pool(
            actor=tb.cast.station_operator,
            recipient=needy,
            minutes=61,
            reason="独居困难",
            client_key="b",
        )


def test_a_payment_is_reversed_partly_then_fully_never_beyond(tb):
    order = tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=90)
    payment = Transaction.objects.get(order=order, kind="service_payment")
    funding.reverse_transaction(
        actor=tb.cast.chaoyang_admin, original=payment, minutes=30, reason="争议后退回半小时"
    )
    assert ledger.person_account(tb.cast.volunteer).balance == 60
    assert ledger.person_account(tb.cast.volunteer).earned == 60
    assert ledger.person_account(tb.cast.elder).balance == 20 * 60 - 60
    with pytest.raises(IllegalMove, match="left"), transaction.atomic():
        funding.reverse_transaction(
            actor=tb.cast.chaoyang_admin, original=payment, minutes=61, reason="x"
        )
    rest = funding.reverse_transaction(
        actor=tb.cast.chaoyang_admin, original=payment, minutes=None, reason="全部退回"
    )
    assert rest.legs.get(side="C").amount == 60
    assert order.events.filter(kind="reversed").count() == 2
    assert check.run() == []


def test_reversals_need_an_administrator_and_a_reason(tb):
    order = tb.settled(tb.cast.elder, tb.cast.volunteer)
    payment = Transaction.objects.get(order=order, kind="service_payment")
    with pytest.raises(PermissionDenied):
        funding.reverse_transaction(
            actor=tb.cast.station_operator, original=payment, minutes=1, reason="x"
        )
    with pytest.raises(ValidationError):
        funding.reverse_transaction(
            actor=tb.cast.city_admin, original=payment, minutes=1, reason=" "
        )


def test_holds_and_reversals_are_not_reversible(tb):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    hold = Transaction.objects.get(order=order, kind="hold")
    with pytest.raises(IllegalMove):
        funding.reverse_transaction(actor=tb.cast.city_admin, original=hold, minutes=1, reason="x")


def test_a_grant_already_spent_cannot_be_reversed(tb):
    elder = tb.elder("高龄", age=85, minutes=60)
    tb.settled(elder, tb.cast.volunteer, minutes=60)
    grant_tx = Transaction.objects.get(kind="grant", grant__recipient=elder)
    with pytest.raises(InsufficientBalance), transaction.atomic():
        funding.reverse_transaction(
            actor=tb.cast.city_admin, original=grant_tx, minutes=None, reason="误发"
        )
