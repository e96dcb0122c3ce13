"""Counting a search stops at the bound: beyond it the page says "10,000+"."""

from __future__ import annotations

import pytest

from minsheng.core.pagination import BoundedPaginator
from minsheng.regions.models import Region

pytestmark = pytest.mark.django_db


def test_a_count_under_the_bound_is_exact(beijing):
    regions = Region.objects.order_by("path")
    paginator = BoundedPaginator(regions, 2, bound=regions.count())
    assert paginator.count == regions.count() and not paginator.capped
    assert paginator.shown_count == f"{regions.count():,}"


def test_a_count_past_the_bound_stops_at_the_bound_and_one(beijing):
    regions = Region.objects.order_by("path")
    assert regions.count() > 4
    paginator = BoundedPaginator(regions, 2, bound=3)
    assert (paginator.count, paginator.capped, paginator.shown_count) == (4, True, "3+")
    assert paginator.num_pages == 2  # the counted rows' pages: one past the bound's


def test_the_default_bound_is_shown_with_a_thousands_separator(monkeypatch, beijing):
    paginator = BoundedPaginator(Region.objects.order_by("path"), 2)
    paginator.bound = 10_000
    paginator.__dict__["count"] = 10_001  # counted (at most bound + 1) already
    assert paginator.shown_count == "10,000+"


def test_the_query_counts_at_most_bound_and_one_rows(beijing, django_assert_num_queries):
    paginator = BoundedPaginator(Region.objects.order_by("path"), 2, bound=3)
    with django_assert_num_queries(1) as captured:
        assert paginator.count == 4
    sql = captured.captured_queries[0]["sql"]
    assert "LIMIT 4" in sql and "ORDER BY" not in sql  # no sort of every match to count them
