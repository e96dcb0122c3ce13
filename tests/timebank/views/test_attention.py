"""The station operator's home page says what waits: requests to review, disputes."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def home(client, user) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.get(reverse("web:home")).content.decode()


def test_posted_requests_wait_for_the_station(client, tb):
    assert "等待审核" not in home(client, tb.cast.station_operator)
    tb.posted(tb.cast.elder)
    tb.posted(tb.cast.elder, hours_ahead=30)
    body = home(client, tb.cast.station_operator)
    assert "2 个服务需求等待审核。" in body  # in Chinese, the platform's first language
    assert reverse("timebank:station") in body
    # A volunteer reviews nothing.
    assert "等待审核" not in home(client, tb.cast.volunteer)
