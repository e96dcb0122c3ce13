"""Hot issues in message-board exports: planted place issues lead, one outage is one issue."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import translation

from minsheng.cases.casefile import read_cases
from minsheng.hotline.synthetic.board import (
    BOARD_ISSUES,
    PERSISTENT,
    BoardSpec,
    water_outage_month,
    write_board,
)
from minsheng.monthly.conf import selection_settings
from minsheng.monthly.selection.corpus import range_bounds
from minsheng.monthly.selection.hot import explain_heat, hot_issues
from tests.monthly.test_selection import best_match

pytestmark = pytest.mark.slow
PLANTED = {issue.key: issue for issue in BOARD_ISSUES}


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    path = tmp_path_factory.mktemp("board") / "board-2019.csv"
    truth = write_board(BoardSpec(dt.date(2019, 1, 1), dt.date(2019, 12, 31), 4000, seed=5), path)
    return path, truth


@pytest.fixture(scope="module")
def board_issues(board):
    start, end = range_bounds(dt.date(2019, 1, 1), dt.date(2020, 1, 31))
    return hot_issues(read_cases(board[0]), start=start, end=end, top=10)


def test_the_planted_place_issues_lead_whole_and_clean(board, board_issues):
    _, truth = board
    top = board_issues.candidates[: len(PLANTED)]
    for key in PLANTED:
        candidate, precision, recall = best_match(top, truth[key])
        assert precision >= 0.9 and recall >= 0.9, (key, candidate["label"], precision, recall)


def test_one_estates_two_problems_stay_apart(board, board_issues):
    _, truth = board
    parking, _, _ = best_match(board_issues.candidates, truth["bundled_parking"])
    lifts, _, _ = best_match(board_issues.candidates, truth["broken_lifts"])
    assert parking["rank"] != lifts["rank"]
    assert parking["places"][0]["name"] == lifts["places"][0]["name"] == "金色家园"


def test_a_repeated_poster_counts_once_for_people_and_fully_for_volume(board, board_issues):
    _, truth = board
    plant, _, _ = best_match(board_issues.candidates, truth["mixing_plant"])
    assert plant["components"]["messages"] == 67 and plant["components"]["people"] == 41
    # One person writing fourteen times is no hot issue.
    assert not any(set(truth[PERSISTENT.key]) & set(c["numbers"]) for c in board_issues.candidates)


def test_near_identical_names_are_one_place_and_the_heat_is_explained(board, board_issues):
    _, truth = board
    plant, _, _ = best_match(board_issues.candidates, truth["mixing_plant"])
    assert plant["label"].startswith("丽发新城：")
    assert plant["explanation"].startswith("41 人留言 67 条，涉及丽发新城，时间 2019-")
    with translation.override("en"):
        english = explain_heat("丽发新城", plant["components"], plant["components"]["heat"])
    assert english.startswith("67 messages from 41 people about 丽发新城, 2019-")
    names = {p["name"] for p in plant["places"]}
    assert "宏达混凝土搅拌站" in names and not {"丽发新城小区", "A3区丽发新城"} & names
    heat = plant["components"]["heat"]
    assert set(heat) == {"messages", "people", "place", "time", "span", "recency", "score"}
    json.dumps(board_issues.candidates)


def test_the_weights_come_from_the_settings(board, settings):
    settings.MONTHLY_SELECTION = {
        "HOT": {**selection_settings()["HOT"], "WEIGHTS": {"people": 1.0}},
    }
    start, end = range_bounds(dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    result = hot_issues(read_cases(board[0]), start=start, end=end, top=3)
    for candidate in result.candidates:
        assert candidate["score"] == candidate["components"]["heat"]["people"]
    assert result.summary["weights"] == {"people": 1.0}


def test_a_week_long_water_outage_is_one_issue_not_four(tmp_path):
    path = tmp_path / "july.csv"
    outage = set(water_outage_month(path))
    start, end = range_bounds(dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    result = hot_issues(read_cases(path), start=start, end=end, top=10)
    first = result.candidates[0]
    assert len(outage & set(first["numbers"])) >= 0.95 * len(outage)
    assert sum(a["cases"] for a in first["aspects"]) == first["size"] == len(first["numbers"])
    assert all(len(outage & set(c["numbers"])) <= 5 for c in result.candidates[1:])


def test_one_places_phrasings_of_a_problem_are_merged_as_the_years_aspects(tmp_path, settings):
    """Split finely into phrasings, the outage comes together by the merge of aspects."""
    path = tmp_path / "july.csv"
    outage = set(water_outage_month(path))
    start, end = range_bounds(dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    hot = selection_settings()["HOT"]
    found = {}
    for merge_at in (0.2, 2.0):  # above 1: never merged
        aspects = {**hot["ASPECTS"], "MERGE_AT": merge_at}
        settings.MONTHLY_SELECTION = {
            "HOT": {**hot, "SIMILARITY": 0.6, "MERGE_SIMILARITY": 1.01, "ASPECTS": aspects}
        }
        found[merge_at] = hot_issues(read_cases(path), start=start, end=end, top=10).candidates[0]
    merged, apart = found[0.2], found[2.0]
    assert len(outage & set(merged["numbers"])) > len(outage & set(apart["numbers"]))
    assert merged["merge"]["aspects"] == len(merged["aspects"]) >= 2
    assert apart["merge"]["aspects"] == len(apart["aspects"]) == 1
    assert sum(a["cases"] for a in merged["aspects"]) == merged["size"]
    assert merged["merge"]["text"].startswith(f"合并了 {len(merged['aspects'])} 个方面")


def test_the_command_reads_a_message_board_export(board, capsys):
    path, truth = board
    call_command(
        "find_hot_issues",
        "--from",
        "2019-01-01",
        "--to",
        "2020-01-31",
        "--input",
        str(path),
        "--top",
        "10",
    )
    candidates = json.loads(capsys.readouterr().out)
    leading = [best_match(candidates, truth[key])[0]["rank"] for key in PLANTED]
    assert sorted(leading) == list(range(1, len(PLANTED) + 1))


def test_a_period_without_messages_has_no_issues(board):
    start, end = range_bounds(dt.date(2018, 1, 1), dt.date(2018, 1, 31))
    result = hot_issues(read_cases(board[0]), start=start, end=end)
    assert result.candidates == [] and result.summary["cases"] == 0
