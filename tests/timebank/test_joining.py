"""The public join page: the rules in words and the stations of a place, with a call button."""

from __future__ import annotations

from django.urls import reverse

from minsheng.regions.models import Region
from minsheng.timebank.models import Station


def test_the_join_page_needs_no_account_and_finds_the_stations_of_a_district(client, tb):
    station = (
        Station.objects.filter(status=Station.Status.APPROVED).select_related("region").first()
    )
    assert station is not None
    Station.objects.filter(pk=station.pk).update(phone="010-67771234", address="劲松西街1号")
    district = Region.objects.get(code=station.region.path.split(".")[1])
    page = client.get(reverse("join"), {"place": district.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert station.organisation.display_name in html and "劲松西街1号" in html
    assert 'href="tel:010-67771234"' in html
    assert "18" in html  # the volunteers' minimum age, from the policy


def test_a_place_without_stations_points_to_12345(client, db, cast):
    haidian = Region.objects.get(code="110108")
    page = client.get(reverse("join"), {"place": haidian.pk}).content.decode()
    assert 'href="tel:12345"' in page


def test_the_landing_page_leads_to_report_follow_and_join(client, db):
    html = client.get(reverse("web:landing")).content.decode()
    for name in ("residents:report", "residents:track", "join"):
        assert f'href="{reverse(name)}"' in html
