"""Optional caps (off by default) and redemption of stored coins at 60."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minsheng.people.models import Relationship
from minsheng.timebank import ledger
from minsheng.timebank.actions import administration, orders, settlement
from minsheng.timebank.errors import NotEligible
from minsheng.timebank.ledger import check
from minsheng.timebank.models import Milestone, ServiceOrder, Transaction

pytestmark = pytest.mark.django_db


def set_policy(tb, **values):
    for key, value in values.items():
        administration.change_policy(actor=tb.cast.city_admin, key=key, value=value)


def test_caps_are_off_by_default(tb):
    order = tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=600, served_minutes=600)
    assert order.credited_minutes == 600


def _local(days_ahead: int, hour: int) -> dt.datetime:
    """A time of day in Beijing ``days_ahead`` days from today (the cap counts Beijing days,
    whatever the hour the tests run at)."""
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_the_daily_earning_cap_limits_one_days_earnings(tb):
    set_policy(tb, daily_earning_cap_minutes=120)
    first = tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=90, starts_at=_local(2, 9))
    second = tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=90, starts_at=_local(2, 11))
    assert (first.credited_minutes, second.credited_minutes) == (90, 30)
    assert ledger.person_account(tb.cast.elder).balance == 20 * 60 - 120
    assert second.events.get(kind="settled").data["daily_cap_cut"] == 60
    next_day = tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=90, starts_at=_local(3, 9))
    assert next_day.credited_minutes == 90


def test_the_storage_cap_can_reject_the_excess(tb):
    set_policy(tb, storage_cap_minutes=100, storage_cap_mode="reject")
    tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=60)
    second = tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=60, hours_ahead=30)
    assert second.credited_minutes == 40
    assert ledger.person_account(tb.cast.volunteer).balance == 100
    assert ledger.person_account(tb.cast.elder).balance == 20 * 60 - 100


def test_the_storage_cap_can_send_the_excess_to_the_pool(tb):
    set_policy(tb, storage_cap_minutes=100, storage_cap_mode="pool")
    tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=60)
    second = tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=60, hours_ahead=30)
    assert second.credited_minutes == 60
    assert ledger.person_account(tb.cast.volunteer).balance == 100
    assert ledger.pool_account().balance == 20
    assert Transaction.objects.filter(kind="storage_overflow").count() == 1
    assert ledger.person_account(tb.cast.volunteer).earned == 120  # served time still counts
    assert check.run() == []


def test_the_per_service_maximum_limits_bookings_and_payments(tb):
    set_policy(tb, per_service_max_minutes=120)
    with pytest.raises(Exception, match="120"):
        tb.posted(tb.cast.elder, minutes=180)
    order = tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=120, served_minutes=150)
    assert order.credited_minutes == 120


def test_rounding_to_half_hours(tb):
    set_policy(tb, rounding_minutes=30, rounding_mode="nearest")
    order = tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=60, served_minutes=44)
    assert order.credited_minutes == 30


def _retired_volunteer(tb, *, age):
    """A volunteer who earned coins over the years and now needs care."""
    person = tb.volunteer("老志愿者", age=age)
    for hours_ahead in (24, 28):
        tb.settled(tb.cast.elder, person, minutes=120, hours_ahead=hours_ahead)
    tb.register_elder(person)
    return person


def test_a_volunteer_of_sixty_redeems_stored_coins_for_their_own_care(tb):
    retired = _retired_volunteer(tb, age=66)
    order = tb.settled(retired, tb.cast.volunteer, minutes=60, hours_ahead=40)
    assert order.payer == retired
    assert ledger.person_account(retired).balance == 240 - 60


def test_stored_coins_pay_for_a_verified_spouse(tb):
    retired = _retired_volunteer(tb, age=66)
    wife = tb.elder("老伴", age=64)
    tb.relate(retired, wife, Relationship.Kind.SPOUSE)
    order = tb.posted(wife, payer=retired, actor=tb.cast.station_operator, hours_ahead=40)
    order = tb.settled(wife, tb.cast.volunteer, payer=retired, minutes=60, hours_ahead=44)
    assert order.payer == retired
    assert ledger.person_account(retired).balance == 240 - 60


def test_coins_do_not_pay_for_an_unverified_spouse_or_a_friend(tb):
    retired = _retired_volunteer(tb, age=66)
    friend = tb.elder("邻居", age=70)
    with pytest.raises(NotEligible, match="spouse"):
        tb.posted(friend, payer=retired, actor=tb.cast.station_operator)
    Relationship.objects.create(person=retired, relative=friend, kind="spouse")  # unverified
    with pytest.raises(NotEligible, match="spouse"):
        tb.posted(friend, payer=retired, actor=tb.cast.station_operator)


def test_redemption_waits_for_the_redemption_age(tb):
    set_policy(tb, redemption_min_age=65, elder_min_age=60)
    retired = _retired_volunteer(tb, age=62)
    with pytest.raises(NotEligible, match="65"):
        tb.posted(retired, actor=tb.cast.station_operator)


def test_star_levels_and_the_care_home_milestone_follow_lifetime_hours(tb):
    set_policy(tb, star_1_hours=1, star_2_hours=2, care_home_hours=3)
    tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=60)
    kinds = set(Milestone.objects.filter(person=tb.cast.volunteer).values_list("kind", flat=True))
    assert kinds == {"star_1"}
    tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=120, hours_ahead=30)
    kinds = set(Milestone.objects.filter(person=tb.cast.volunteer).values_list("kind", flat=True))
    assert kinds == {"star_1", "star_2", "care_home"}


def test_a_settlement_short_of_coins_pays_what_the_payer_has(tb):
    elder = tb.elder("紧", minutes=60)
    order = tb.served(elder, tb.cast.volunteer, minutes=60, served_minutes=75)
    with tb.after(order):
        order = settlement.confirm_order(actor=tb.cast.station_operator, order=order, rating=5)
    assert order.credited_minutes == 60
    assert order.events.get(kind="settled").data["payer_short"] == 15
    assert ledger.person_account(elder).balance == 0


def test_orders_keep_the_payer_they_were_posted_with(tb):
    order = tb.approved(tb.cast.elder)
    assert ServiceOrder.objects.get(pk=order.pk).payer == tb.cast.elder
    orders.cancel_order(actor=tb.cast.elder, order=order, reason="不需要了")
