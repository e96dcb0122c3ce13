"""Cases are matched to a problem by its saved definition, as they arrive."""

from __future__ import annotations

from minsheng.monthly.models import ProblemCase, SelectionRun
from minsheng.monthly.programme import actions, matching
from minsheng.monthly.programme.periodic import match_problems

from .conftest import import_rows, row


def linked(problem) -> set[str]:  # type: ignore[no-untyped-def]
    return set(ProblemCase.objects.filter(problem=problem).values_list("case__number", flat=True))


def test_new_cases_that_fit_every_part_of_the_definition_are_linked(problem, tmp_path):
    import_rows(
        tmp_path,
        [
            row("L1", "2025-06-02 09:00", "劲松三区想加装电梯，一楼住户反对"),
            row("L2", "2025-06-03 09:00", "电梯坏了", category="030202"),  # below 0302: fits
            row("X1", "2025-06-04 09:00", "楼道灯不亮", category="030202"),  # no key phrase
            row("X2", "2025-06-05 09:00", "小区电梯广告太多", category="010104"),  # other category
        ],
    )
    assert linked(problem) == set()  # nothing until matching runs
    assert match_problems() == 2
    assert linked(problem) == {"L1", "L2"}
    assert set(ProblemCase.objects.values_list("reason", flat=True)) == {"definition"}


def test_matching_resumes_after_the_last_case_it_saw(problem, tmp_path):
    import_rows(tmp_path, [row("L1", "2025-06-02 09:00", "加装电梯")], "first.csv")
    assert matching.match_new(problem) == 1
    assert matching.match_new(problem) == 0  # nothing new
    import_rows(tmp_path, [row("L2", "2025-06-09 09:00", "加装电梯难")], "second.csv")
    assert matching.match_new(problem) == 1
    assert linked(problem) == {"L1", "L2"}


def test_places_narrow_the_definition(cast, problem, tmp_path, beijing):
    import_rows(
        tmp_path,
        [
            row("C1", "2025-06-02 09:00", "加装电梯"),
            row("H1", "2025-06-02 09:00", "加装电梯", district="海淀区", subdistrict="万寿路街道"),
        ],
    )
    actions.update_problem(actor=cast.programme_office, problem=problem, places=[beijing["110105"]])
    assert linked(problem) == {"C1"}


def test_a_changed_definition_matches_every_case_again(cast, problem, tmp_path):
    import_rows(
        tmp_path,
        [
            row("L1", "2025-06-02 09:00", "加装电梯"),
            row("R1", "2025-06-03 09:00", "顶层屋顶漏水", category="030203"),
        ],
    )
    matching.match_new(problem)
    assert linked(problem) == {"L1"}
    actions.update_problem(actor=cast.programme_office, problem=problem, key_phrases=["漏水"])
    assert linked(problem) == {"R1"}


def test_a_problem_without_a_definition_matches_nothing(cast, theme, housing, tmp_path):
    import_rows(tmp_path, [row("L1", "2025-06-02 09:00", "加装电梯")])
    empty = actions.create_problem(
        actor=cast.programme_office,
        theme=theme,
        title="t",
        description="d",
        leader=cast.leader,
        lead_department=housing,
    )
    assert linked(empty) == set()


def test_a_shortlisted_candidates_cases_belong_to_the_problem(cast, theme, housing, tmp_path):
    import_rows(
        tmp_path,
        [
            row("K1", "2025-03-02 09:00", "健身房关门了"),
            row("K2", "2025-03-03 09:00", "预付卡退不了"),
            row("K3", "2025-03-04 09:00", "别的事"),
        ],
    )
    run = SelectionRun.objects.create(
        mode="year",
        source="database",
        period_start="2025-01-01",
        period_end="2025-12-31",
        created_by=cast.programme_office,
        candidates=[
            {
                "key": "abc",
                "rank": 1,
                "label": "健身房闭店",
                "numbers": ["K1", "K2"],
                "keywords": ["健身房"],
                "size": 2,
                "districts": [],
                "categories": [],
            }
        ],
    )
    from minsheng.monthly.selection import actions as selection

    selection.decide_candidate(
        actor=cast.programme_office, run=run, key="abc", decision="shortlisted"
    )
    made = actions.create_problem(
        actor=cast.programme_office,
        theme=theme,
        title="健身房闭店预付卡不退",
        description="d",
        leader=cast.leader,
        lead_department=housing,
        candidate=(run, "abc"),
    )
    assert linked(made) == {"K1", "K2"}
    assert set(ProblemCase.objects.values_list("reason", flat=True)) == {"cluster"}
