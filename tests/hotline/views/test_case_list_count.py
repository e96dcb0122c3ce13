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
    assert "5 件工单" in page and "+ 件工单" not in page


def test_a_search_past_the_bound_shows_the_bound_and_a_plus(client, cast, five_cases, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_BOUND", 2)
    client.force_login(cast.dispatcher)
    page = client.get(reverse("hotline:cases"), {"page": 1}).content.decode()
    assert "2+ 件工单：缩小查询范围可查看准确数量" in page and "5 件工单" not in page
    assert "共多页" not in page  # three rows counted: one page of 25


def test_the_bound_reads_in_english_too(client, cast, five_cases, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_BOUND", 2)
    client.force_login(cast.dispatcher)
    page = client.get(reverse("hotline:cases"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2+ cases: narrow the search to count them all" in page


def test_the_pages_past_the_bound_say_many_not_a_number(client, cast, five_cases, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_BOUND", 2)
    monkeypatch.setattr("minsheng.hotline.views.cases.PER_PAGE", 1)
    client.force_login(cast.dispatcher)
    page = client.get(reverse("hotline:cases"), {"page": 2}).content.decode()
    assert "第 2 页，共多页" in page and "page=3" in page
