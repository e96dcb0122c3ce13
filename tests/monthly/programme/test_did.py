"""Difference-in-differences of a problem's calls (its month is May 2025), on hand-built cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from minsheng.monthly.programme import did, matching, outcomes

from .conftest import import_rows, row

NOW = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
BEFORE, AFTER = ("02", "03", "04"), ("06", "07", "08")


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def monthly(prefix, year, months, per_month, content, subdistrict="劲松街道"):
    return [
        row(
            f"{prefix}{year}{m}{i}",
            f"{year}-{m}-{1 + i % 27:02d} 09:00",
            content,
            subdistrict=subdistrict,
        )
        for m in months
        for i in range(per_month)
    ]


def estimate_for(problem, tmp_path, rows):
    import_rows(tmp_path, rows)
    matching.match_new(problem)
    return did.estimate(problem, outcomes.outcome(problem, now=NOW))


def test_calls_that_fell_more_than_in_comparable_subdistricts(problem, tmp_path):
    rows = [
        *monthly("T", 2025, BEFORE, 10, "六层老楼加装电梯难"),
        *monthly("T", 2025, AFTER, 4, "六层老楼加装电梯难"),
        # The same category elsewhere, with no case of the problem: a citywide dip of 10%.
        *monthly("C", 2025, BEFORE, 20, "楼里的升降梯坏了", subdistrict="潘家园街道"),
        *monthly("C", 2025, AFTER, 18, "楼里的升降梯坏了", subdistrict="潘家园街道"),
    ]
    found = estimate_for(problem, tmp_path, rows)
    assert found is not None and found.comparison == did.PLACES
    assert found.effect == pytest.approx(0.4 / 0.9 - 1, abs=0.01)  # -56%, not the raw -60%
    assert found.low < found.effect < found.high < 0
    assert (found.treated, found.control, found.months) == ((30, 12), (60, 54), (3, 3))
    assert found.verdict.startswith("Calls fell 56% more than in comparable sub-districts")


def test_without_comparable_places_the_same_months_of_last_year_are_the_comparison(
    problem, tmp_path
):
    rows = [
        *monthly("T", 2025, BEFORE, 10, "六层老楼加装电梯难"),
        *monthly("T", 2025, AFTER, 10, "六层老楼加装电梯难"),
        # Last year the summer brought twice the calls: this year's flat line is a fall.
        *monthly("L", 2024, BEFORE, 10, "楼里的升降梯坏了"),
        *monthly("L", 2024, AFTER, 20, "楼里的升降梯坏了"),
    ]
    found = estimate_for(problem, tmp_path, rows)
    assert found is not None and found.comparison == did.LAST_YEAR
    assert found.effect == pytest.approx(-0.5, abs=0.01)
    assert "same months of last year" in found.verdict


def test_no_clear_difference_is_said_plainly(problem, tmp_path):
    rows = [
        *monthly("T", 2025, BEFORE, 10, "六层老楼加装电梯难"),
        *monthly("T", 2025, AFTER, 9, "六层老楼加装电梯难"),
        *monthly("C", 2025, BEFORE, 10, "楼里的升降梯坏了", subdistrict="双井街道"),
        *monthly("C", 2025, AFTER, 10, "楼里的升降梯坏了", subdistrict="双井街道"),
    ]
    found = estimate_for(problem, tmp_path, rows)
    assert found is not None and found.low < 0 < found.high
    assert found.verdict.startswith("No clear difference from comparable sub-districts")


def test_too_few_cases_give_no_estimate(problem, tmp_path):
    rows = [
        *monthly("T", 2025, BEFORE, 2, "六层老楼加装电梯难"),
        *monthly("T", 2025, AFTER, 1, "六层老楼加装电梯难"),
    ]
    assert estimate_for(problem, tmp_path, rows) is None


@pytest.fixture
def fell_more(problem, tmp_path):  # type: ignore[no-untyped-def]
    rows = [
        *monthly("T", 2025, BEFORE, 10, "六层老楼加装电梯难"),
        *monthly("T", 2025, AFTER, 4, "六层老楼加装电梯难"),
        *monthly("C", 2025, BEFORE, 20, "楼里的升降梯坏了", subdistrict="潘家园街道"),
        *monthly("C", 2025, AFTER, 18, "楼里的升降梯坏了", subdistrict="潘家园街道"),
    ]
    import_rows(tmp_path, rows)
    matching.match_new(problem)
    return problem


def test_the_api_gives_the_estimate_with_its_interval(cast, fell_more):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(cast.leader)
    body = api.get(f"/api/monthly/problems/{fell_more.pk}/outcome/").json()
    found = body["estimate"]
    assert found["comparison"] == "places" and found["effect"] == pytest.approx(-0.556, abs=0.01)
    assert found["low"] < found["effect"] < found["high"] < 0
    assert (found["cases_before"], found["comparison_after"]) == (30, 54)
    assert found["verdict"].startswith("来电比可比街道多降了 56%")  # the reader's language


def test_the_problem_page_and_the_review_say_it_in_plain_words(client, cast, fell_more):
    from django.urls import reverse

    client.force_login(cast.programme_office)
    headers = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    problem_page = client.get(reverse("monthly:problem", args=[fell_more.pk]), **headers)
    assert "来电比可比街道多降了 56%" in problem_page.content.decode()
    review = client.get(reverse("monthly:review", args=[2025]), **headers).content.decode()
    assert "来电比可比街道多降了 56%" in review


def test_without_enough_cases_the_page_says_so(client, cast, problem):
    from django.urls import reverse

    client.force_login(cast.programme_office)
    body = client.get(
        reverse("monthly:problem", args=[problem.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Too few cases, or no months after yet" in body
