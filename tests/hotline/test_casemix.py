"""The ranking adjusted for case mix: a unit with the hardest categories is not ranked low for that."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from minsheng.hotline import casemix
from minsheng.hotline.models import Case
from minsheng.hotline.workdays import BEIJING
from minsheng.people.models import Organisation

MONTH = dt.date(2026, 10, 1)
HARD, EASY = "060101", "010301"  # a cold flat in winter; a street lamp


def cases(unit: Organisation, code: str, count: int, resolved: int, categories, start: int):  # type: ignore[no-untyped-def]
    at = dt.datetime(2026, 10, 12, 9, tzinfo=BEIJING)
    return [
        Case(
            number=f"M{start + n}",
            received_at=at,
            content="x",
            kind="complaint",
            category=categories[code],
            lead_unit=unit,
            status="closed",
            closed_at=at + dt.timedelta(days=3),
            callback_resolved=n < resolved,
            satisfaction="satisfied" if n < resolved else "dissatisfied",
        )
        for n in range(count)
    ]


@pytest.fixture
def month(cast, categories, settings):  # type: ignore[no-untyped-def]
    settings.HOTLINE_RANKING_MIN_CASES = 10
    units = {
        code: Organisation.objects.get(code=code)
        for code in ("SD-110105017", "SD-110105018", "SD-110105019")
    }
    rows = [
        *cases(units["SD-110105017"], HARD, 40, 24, categories, 0),  # hard cases, city average
        *cases(units["SD-110105018"], EASY, 40, 36, categories, 100),  # easy cases, city average
        *cases(units["SD-110105019"], HARD, 60, 36, categories, 200),
        *cases(units["SD-110105019"], EASY, 20, 18, categories, 300),
    ]
    Case.objects.bulk_create(rows)
    return units


def test_a_unit_with_the_hardest_categories_is_as_good_as_expected(month):
    results = {r.unit.code: r for r in casemix.adjusted(MONTH)}
    hard, easy = results["SD-110105017"], results["SD-110105018"]
    assert (hard.resolution.observed, easy.resolution.observed) == (60.0, 90.0)
    assert hard.resolution.expected == pytest.approx(60, abs=1.5)
    assert easy.resolution.expected == pytest.approx(90, abs=1.5)
    assert abs(hard.resolution.difference) < 1.5 and hard.resolution.clear == 0
    assert hard.resolution.low < 0 < hard.resolution.high


def test_the_page_explains_the_method(cast, month, client):
    client.force_login(cast.leader)
    page = client.get(reverse("hotline:rankings_adjusted"), {"month": "2026-10"}).content.decode()
    assert "logistic" in page.lower() or "逻辑回归" in page
    assert "劲松" in page
