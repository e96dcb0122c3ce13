"""The case list counts a search up to a bound: past it, "10,000+" and no last page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from minsheng.core import pagination
from minsheng.hotline import actions


@pytest.fixture
def five_cases(cast, jinsong, lift_category):  # type: ignore[no-untyped-def]
    for number in range(5):
        actions.receive_case(
            actor=cast.dispatcher,
            content=f"电梯故障 {number}",
            subdistrict=jinsong,
            category=lift_category,
        )


def test_a_search_within_the_bound_shows_its_exact_count(client, cast, five_cases):
    client.force_login(cast.dispatcher)
    page = client.get(reverse("hotline:cases")).content.decode()
    assert "5 cases" in page and "+ cases" not in page


def test_a_search_past_the_bound_shows_the_bound_and_a_plus(client, cast, five_cases, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_BOUND", 2)
    client.force_login(cast.dispatcher)
    page = client.get(reverse("hotline:cases"), {"page": 1}).content.decode()
    assert "2+ cases" in page and "5 cases" not in page
    assert "Page 1 of many" not in page  # three rows counted: one page of 25


def test_the_pages_past_the_bound_say_many_not_a_number(client, cast, five_cases, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_BOUND", 2)
    monkeypatch.setattr("minsheng.hotline.views.cases.PER_PAGE", 1)
    client.force_login(cast.dispatcher)
    page = client.get(reverse("hotline:cases"), {"page": 2}).content.decode()
    assert "Page 2 of many" in page and "Next page" in page
