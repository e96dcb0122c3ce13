"""One candidate per problem: the aspects of a planted problem, told in other words, are merged.

Generated years (see :mod:`tests.monthly.aspect_year`) plant chronic problems each told through
3-5 aspects whose words overlap little, among ordinary requests and quickly-fixed decoys.
"""

from __future__ import annotations

import pytest

from minsheng.cases.casefile import read_cases
from minsheng.monthly.conf import selection_settings
from minsheng.monthly.selection.corpus import year_bounds
from minsheng.monthly.selection.engine import select_issues
from tests.monthly.aspect_year import ASPECTS, write_aspect_year

pytestmark = pytest.mark.slow
TOP = 20


@pytest.fixture(scope="module", params=[5, 11], ids=["seed5", "seed11"])
def year(request, tmp_path_factory):
    generated = write_aspect_year(
        tmp_path_factory.mktemp("aspects") / "year.csv", count=15_000, seed=request.param
    )
    start, end = year_bounds(2021)
    selection = select_issues(read_cases(generated.path), start=start, end=end, top=TOP)
    return generated, selection


def holders(candidates, numbers, share=0.5):
    """Candidates whose cases are mostly (``share``) of the given problem."""
    wanted = set(numbers)
    return [c for c in candidates if len(wanted & set(c["numbers"])) > share * len(c["numbers"])]


def test_each_planted_problem_is_one_candidate_holding_most_of_its_cases(year):
    generated, selection = year
    report = []
    for key, numbers in generated.truth.items():
        wanted = set(numbers)
        best = max(selection.candidates, key=lambda c: len(wanted & set(c["numbers"])))
        recall = len(wanted & set(best["numbers"])) / len(wanted)
        report.append(f"{key}: rank {best['rank']}, recall {recall:.2f}")
        assert recall >= 0.8, report
    print("\n" + "\n".join(report))


def test_the_top_20_hold_no_problem_twice(year):
    generated, selection = year
    for key, numbers in {**generated.truth, **generated.decoys}.items():
        assert len(holders(selection.candidates, numbers)) <= 1, key


def test_the_problems_told_through_aspects_show_them_inside_one_candidate(year):
    generated, selection = year
    for key in ASPECTS:
        (candidate,) = holders(selection.candidates, generated.truth[key])
        aspects = candidate["aspects"]
        assert len(aspects) >= 2, key
        assert sum(a["cases"] for a in aspects) == candidate["size"]
        assert abs(sum(a["share"] for a in aspects) - 1) < 0.01
        for aspect in aspects:
            assert aspect["keywords"] and aspect["label"]
            assert set(aspect["sample_numbers"]) <= set(candidate["numbers"])
        merge = candidate["merge"]
        assert merge["aspects"] == len(aspects) and merge["cases"] == candidate["size"]
        assert str(len(aspects)) in merge["text"] and str(candidate["size"]) in merge["text"]
        assert all(phrase in merge["text"] for phrase in merge["phrases"])


def test_quickly_fixed_decoys_rank_below_the_planted_problems(year):
    generated, selection = year
    planted = [
        holders(selection.candidates, numbers)[0]["rank"] for numbers in generated.truth.values()
    ]
    for key, numbers in generated.decoys.items():
        for candidate in holders(selection.candidates, numbers, share=0.3):
            assert candidate["rank"] > max(planted), key


def test_the_merge_threshold_is_a_setting(year, settings):
    generated, _ = year
    aspects = {**selection_settings()["ASPECTS"], "MERGE_AT": 1.5}
    settings.MONTHLY_SELECTION = {"ASPECTS": aspects}
    start, end = year_bounds(2021)
    apart = select_issues(read_cases(generated.path), start=start, end=end, top=40)
    lifts = holders(apart.candidates, generated.truth["lifts"])
    assert len(lifts) >= 2
    assert all(len(c["aspects"]) == 1 for c in apart.candidates)
