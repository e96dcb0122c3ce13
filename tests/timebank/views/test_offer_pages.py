"""The pages of offers and matching, as a volunteer, an elder and a station operator use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from minsheng.timebank import clock, matching
from minsheng.timebank.actions import offers
from minsheng.timebank.models import HomePoint, Invitation, ServiceCategory, VolunteerOffer

pytestmark = pytest.mark.django_db

HOME = (39.8866, 116.4617)


@pytest.fixture
def matched(tb):  # type: ignore[no-untyped-def]
    """An open request for the cast's elder (home placed) and the cast's volunteer's offer."""
    offers.place_home(
        actor=tb.cast.station_operator, person=tb.cast.elder, latitude=HOME[0], longitude=HOME[1]
    )
    offers.save_offer(
        actor=tb.cast.volunteer,
        volunteer=tb.cast.volunteer,
        categories=[ServiceCategory.objects.get(code="emotional_comfort")],
        latitude=HOME[0] + 0.0081,
        longitude=HOME[1],
        max_distance_m=2000,
    )
    return tb.approved(tb.cast.elder)


def test_a_volunteer_posts_an_offer_from_the_form(client, tb):
    client.force_login(tb.cast.volunteer)
    page = client.get(reverse("timebank:my_offer")).content.decode()
    assert "我的服务意向" in page and "星期三上午" in page
    comfort = ServiceCategory.objects.get(code="emotional_comfort")
    response = client.post(
        reverse("timebank:my_offer"),
        {
            "categories": [comfort.pk],
            "max_distance_m": 3000,
            "slots": ["2-morning", "5-afternoon"],
            "latitude": HOME[0],
            "longitude": HOME[1],
            "active": "on",
        },
    )
    assert response.status_code == 302
    offer = VolunteerOffer.objects.get(volunteer=tb.cast.volunteer)
    assert offer.availability == [[2, 480, 720], [5, 780, 1020]]
    assert offer.max_distance_m == 3000


def test_a_bad_offer_is_shown_again_with_the_problem_in_words(client, tb):
    client.force_login(tb.cast.volunteer)
    page = client.post(
        reverse("timebank:my_offer"), {"max_distance_m": 3000, "latitude": 200, "longitude": 1}
    ).content.decode()
    assert "问题" in page
    assert not VolunteerOffer.objects.exists()


def test_the_volunteer_sees_requests_that_fit_with_their_distance(client, tb, matched):
    client.force_login(tb.cast.volunteer)
    page = client.get(reverse("timebank:requests_for_me")).content.decode()
    assert reverse("timebank:open_request", args=[matched.pk]) in page
    metres = matching.distance_m(*HOME, HOME[0] + 0.0081, HOME[1])
    assert 890 < metres < 910 and f"距离：</strong> {metres}米" in page


def test_the_station_sees_the_matches_and_asks_one(client, tb, matched):
    client.force_login(tb.cast.station_operator)
    page = client.get(reverse("timebank:matches", args=[matched.pk])).content.decode()
    assert tb.cast.volunteer.name in page and "邀请这位志愿者" in page
    response = client.post(
        reverse("timebank:invite", args=[matched.pk]), {"volunteer": tb.cast.volunteer.pk}
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(order=matched, volunteer=tb.cast.volunteer).exists()
    again = client.get(reverse("timebank:matches", args=[matched.pk])).content.decode()
    assert "已邀请" in again


def test_a_volunteer_cannot_open_the_matches(client, tb, matched):
    client.force_login(tb.cast.volunteer)
    assert client.get(reverse("timebank:matches", args=[matched.pk])).status_code == 404


def test_a_nonsense_volunteer_id_is_a_404_not_an_error(client, tb, matched):
    client.force_login(tb.cast.station_operator)
    response = client.post(reverse("timebank:invite", args=[matched.pk]), {"volunteer": "x"})
    assert response.status_code == 404


def test_the_elder_browses_offers_and_asks_a_volunteer_directly(client, tb, matched):
    client.force_login(tb.cast.elder)
    page = client.get(reverse("timebank:offers")).content.decode()
    assert "为我的需求邀请" in page and matched.reference in page
    response = client.post(
        reverse("timebank:ask_volunteer"),
        {"order": matched.pk, "volunteer": tb.cast.volunteer.pk},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.invited_by == tb.cast.elder


def test_the_station_places_an_elders_home(client, tb):
    profile = tb.cast.elder.elder_profile
    client.force_login(tb.cast.station_operator)
    url = reverse("timebank:home_point", args=[profile.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"latitude": HOME[0], "longitude": HOME[1]})
    assert response.status_code == 302
    assert HomePoint.objects.get(person=tb.cast.elder).source == "station"


def test_the_unmet_need_board_shows_expired_requests(client, tb):
    past = timezone.now() - dt.timedelta(days=3)
    with clock.at(past - dt.timedelta(days=1)):
        tb.approved(tb.cast.elder, starts_at=past)
    client.force_login(tb.cast.station_operator)
    page = client.get(reverse("timebank:unmet_needs")).content.decode()
    assert "未满足的需求" in page and "是：请为此招募志愿者" in page
    client.force_login(tb.cast.city_admin)
    city = client.get(reverse("timebank:unmet_needs"), {"district": "110105"}).content.decode()
    assert "是：请为此招募志愿者" in city


def test_residents_do_not_see_the_unmet_need_board(client, tb):
    client.force_login(tb.cast.volunteer)
    assert client.get(reverse("timebank:unmet_needs")).status_code == 403


def test_a_person_not_yet_registered_as_a_volunteer_is_told_what_to_do(client, cast):
    client.force_login(cast.volunteer)  # holds the role, but no station registered them
    page = client.get(reverse("timebank:my_offer")).content.decode()
    assert "您还没有在驿站登记为志愿者" in page
