"""What the Time Bank adds to the shell for residents: the elder's button that calls their own
station on every page, and the family's card of the elder's account on their home page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from minsheng.people.models import Relationship, RoleAssignment
from minsheng.timebank.models import Station

pytestmark = pytest.mark.django_db

PHONE = "010-67781234"


@pytest.fixture
def station_phone(tb) -> str:  # type: ignore[no-untyped-def]
    Station.objects.filter(pk=tb.station.pk).update(phone=PHONE)
    return PHONE


def page(client, user, url: str) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    with translation.override("zh-hans"):
        return client.get(url).content.decode()


@pytest.mark.parametrize("url_name", ["web:home", "timebank:my_account", "residents:report"])
def test_an_elder_has_a_button_to_call_their_station_on_every_page(
    client, tb, station_phone, url_name
):
    html = page(client, tb.cast.elder, reverse(url_name))
    assert f'href="tel:{PHONE}"' in html and "button-call" in html
    assert tb.station.organisation.name in html


def test_an_elder_of_another_station_calls_that_station(client, tb, station_phone):
    Station.objects.filter(pk=tb.other_station.pk).update(phone="010-99998888")
    elder = tb.elder(region="110105016001")
    html = page(client, elder, reverse("web:home"))
    assert 'href="tel:010-99998888"' in html and f'href="tel:{PHONE}"' not in html


def test_no_station_button_without_a_station_phone(client, tb):
    assert "button-call" not in page(client, tb.cast.elder, reverse("web:home"))


@pytest.mark.parametrize("who", ["volunteer", "family", "station_operator", "outsider"])
def test_people_who_are_not_elders_have_no_station_button(client, tb, station_phone, who):
    html = page(client, getattr(tb.cast, who), reverse("timebank:my_account"))
    assert 'class="station-call"' not in html


def test_the_family_sees_the_elders_account_on_their_home_page(client, tb, station_phone):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    html = page(client, tb.cast.family, reverse("web:home"))
    assert tb.cast.elder.name in html
    assert "19 个时间币" in html  # 20 hours of coins, one on hold for the booked service
    assert reverse("timebank:order", args=[order.pk]) in html and tb.cast.volunteer.name in html
    assert f'href="tel:{PHONE}"' in html
    assert reverse("timebank:person_account", args=[tb.cast.elder.pk]) in html


def test_finished_services_are_not_coming(client, tb):
    settled = tb.settled(tb.cast.elder, tb.cast.volunteer)
    html = page(client, tb.cast.family, reverse("web:home"))
    assert reverse("timebank:order", args=[settled.pk]) not in html


def test_no_card_without_a_verified_relation(client, tb):
    Relationship.objects.filter(relative=tb.cast.family).update(verified_at=None, verified_by=None)
    assert tb.cast.elder.name not in page(client, tb.cast.family, reverse("web:home"))


def test_no_card_without_the_family_role(client, tb):
    RoleAssignment.objects.filter(user=tb.cast.family, role="family_member").delete()
    assert tb.cast.elder.name not in page(client, tb.cast.family, reverse("web:home"))


def test_a_family_member_sees_only_their_own_elders(client, tb):
    stranger = tb.person("邻居")
    RoleAssignment.objects.create(
        user=stranger, role="family_member", region=tb.cast.family.home_region
    )
    other_elder = tb.elder("王奶奶")
    tb.relate(other_elder, stranger, Relationship.Kind.CHILD)
    html = page(client, stranger, reverse("web:home"))
    assert other_elder.name in html and tb.cast.elder.name not in html
