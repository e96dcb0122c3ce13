"""Selecting candidates from a generated year in which six chronic problems were planted."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from minsheng.cases.casefile import read_cases
from minsheng.hotline.synthetic import PLANTED
from minsheng.hotline.synthetic.places import world
from minsheng.monthly.selection.corpus import CorpusBuilder, range_bounds, year_bounds
from minsheng.monthly.selection.engine import select_issues
from minsheng.monthly.selection.hot import hot_issues
from minsheng.monthly.selection.output import to_json
from tests.monthly.runs import CANDIDATE_FIELDS

pytestmark = pytest.mark.slow
CHRONIC = [p.key for p in PLANTED if p.role == "chronic"]
DECOYS = [p.key for p in PLANTED if p.role == "decoy"]


@pytest.fixture(scope="module")
def selection(generated_year):
    return select_issues(
        read_cases(generated_year.path),
        start=year_bounds(2025)[0],
        end=year_bounds(2025)[1],
        top=30,
    )


def best_match(candidates, numbers):
    """The candidate holding most of ``numbers``: (candidate, precision, recall)."""
    wanted = set(numbers)
    candidate = max(candidates, key=lambda c: len(wanted & set(c["numbers"])))
    overlap = len(wanted & set(candidate["numbers"]))
    return candidate, overlap / len(candidate["numbers"]), overlap / len(wanted)


def test_every_planted_problem_is_in_the_top_20_with_its_cases_grouped(selection, generated_year):
    report = []
    for key in CHRONIC:
        candidate, precision, recall = best_match(selection.candidates, generated_year.truth[key])
        report.append(
            f"{key}: rank {candidate['rank']}, precision {precision:.2f}, recall {recall:.2f}"
        )
        assert candidate["rank"] <= 20, key
        assert precision >= 0.8 and recall >= 0.8, report[-1]
    print("\n" + "\n".join(report))


def test_bigger_but_quickly_resolved_problems_rank_below_the_chronic_ones(
    selection, generated_year
):
    chronic_ranks = [
        best_match(selection.candidates, generated_year.truth[k])[0]["rank"] for k in CHRONIC
    ]
    for key in DECOYS:
        numbers = set(generated_year.truth[key])
        holding = [
            c
            for c in selection.candidates
            if len(numbers & set(c["numbers"])) > 0.3 * len(c["numbers"])
        ]
        assert all(c["rank"] > max(chronic_ranks) for c in holding), key
        assert len(numbers) > min(len(generated_year.truth[k]) for k in CHRONIC)


def test_each_candidate_carries_the_contracted_evidence(selection):
    assert [c["rank"] for c in selection.candidates] == list(range(1, 31))
    scores = [c["score"] for c in selection.candidates]
    assert scores == sorted(scores, reverse=True)
    for candidate in selection.candidates:
        assert set(candidate) >= CANDIDATE_FIELDS
        assert candidate["size"] == len(candidate["numbers"])
        assert set(candidate["sample_numbers"]) <= set(candidate["numbers"])
        assert sum(m["cases"] for m in candidate["months"]) == candidate["size"]
        assert {"widespread", "chronic", "coordination"} <= set(candidate["components"])
        assert candidate["keywords"] and candidate["label"] and candidate["explanation"]
    top = selection.candidates[0]
    assert len(top["months"]) == 12 and top["districts"] and top["units"]


def test_the_same_input_and_seed_give_the_same_output_whatever_the_order(selection, generated_year):
    records = list(read_cases(generated_year.path))
    random.Random(5).shuffle(records)
    again = select_issues(records, start=year_bounds(2025)[0], end=year_bounds(2025)[1], top=30)
    assert to_json(again) == to_json(selection)


def test_places_named_only_in_the_text_locate_the_case_correctly(generated_year):
    records = [r for r in read_cases(generated_year.path)]
    corpus = CorpusBuilder(start=year_bounds(2025)[0], end=year_bounds(2025)[1]).add_all(records)
    home = {name: sd.code for sd in world().subdistricts for name in (*sd.compounds, *sd.roads)}
    located = corpus.column("located_by")
    subdistrict = corpus.column("subdistrict")
    place = corpus.column("place")
    requests = [i for i, r in enumerate(records) if not r.district and r.kind != "consultation"]
    found = [i for i in requests if located[i] >= 2]
    assert len(found) > 0.8 * len(requests)
    checked = right = 0
    for i in found:
        name = corpus.places.values[place[i]] if place[i] >= 0 else None
        if name in home and subdistrict[i] >= 0:
            checked += 1
            right += corpus.regions[subdistrict[i]].code == home[name]
    assert checked > 0.5 * len(found) and right > 0.95 * checked


def test_only_the_period_asked_for_is_read(generated_year):
    start, end = range_bounds(dt.date(2025, 7, 1), dt.date(2025, 7, 31))
    result = select_issues(read_cases(generated_year.path), start=start, end=end, top=5)
    assert 0.05 < result.summary["cases"] / 15_000 < 0.12
    assert all(m["month"] == "2025-07" for c in result.candidates for m in c["months"])


def test_hot_issues_finds_the_surges_of_a_window(generated_window):
    start, end = range_bounds(dt.date(2026, 10, 15), dt.date(2026, 11, 30))
    result = hot_issues(read_cases(generated_window.path), start=start, end=end, top=10)
    top_two = result.candidates[:2]
    for key in ("surge_night_works", "surge_water"):
        numbers = set(generated_window.truth[key])
        assert any(len(numbers & set(c["numbers"])) > 0.7 * len(c["numbers"]) for c in top_two), key
    for candidate in top_two:
        assert candidate["components"]["peak_cases"] >= 20
        assert len(candidate["subdistricts"]) == 1
        assert candidate["components"]["peak_end"] >= "2026-11-18"
        assert f"留言 {candidate['size']} 条" in candidate["explanation"]
    assert set(top_two[0]) >= CANDIDATE_FIELDS
    json.dumps(result.candidates)  # serialisable
