"""Cases are matched to a problem by its saved definition, as they arrive."""

from __future__ import annotations

from minsheng.monthly.models import ProblemCase
from minsheng.monthly.programme import actions, matching
from minsheng.monthly.programme.periodic import match_problems
from tests.monthly.runs import shortlisted_run

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


def problem_from_candidate(cast, theme, housing, candidate, title):  # type: ignore[no-untyped-def]
    """A problem created from ``candidate``, shortlisted in a stored run of the year."""
    run = shortlisted_run(
        cast.programme_office, 2025, {"rank": 1, "districts": [], "categories": [], **candidate}
    )
    key = candidate["key"]
    return actions.create_problem(
        actor=cast.programme_office,
        theme=theme,
        title=title,
        description="d",
        leader=cast.leader,
        lead_department=housing,
        candidate=(run, key),
    )


def test_a_shortlisted_candidates_cases_belong_to_the_problem(cast, theme, housing, tmp_path):
    import_rows(
        tmp_path,
        [
            row("K1", "2025-03-02 09:00", "健身房关门了"),
            row("K2", "2025-03-03 09:00", "预付卡退不了"),
            row("K3", "2025-03-04 09:00", "别的事"),
        ],
    )
    candidate = {
        "key": "abc",
        "label": "健身房闭店",
        "numbers": ["K1", "K2"],
        "keywords": ["健身房"],
        "size": 2,
    }
    made = problem_from_candidate(cast, theme, housing, candidate, "健身房闭店预付卡不退")
    assert linked(made) == {"K1", "K2"}
    assert set(ProblemCase.objects.values_list("reason", flat=True)) == {"cluster"}


def test_a_problem_from_a_merged_candidate_links_the_cases_of_all_its_aspects(
    cast, theme, housing, tmp_path
):
    import_rows(
        tmp_path,
        [
            row("A1", "2025-03-02 09:00", "一楼住户反对加装电梯"),
            row("A2", "2025-03-03 09:00", "加梯审批手续繁琐"),
            row("B1", "2025-03-04 09:00", "电梯井下面有燃气管线要迁改"),
            row("X1", "2025-03-05 09:00", "路灯不亮"),
        ],
    )
    candidate = {
        "key": "lifts",
        "label": "加装电梯难",
        "numbers": ["A1", "A2", "B1"],
        "keywords": ["加装电梯"],
        "size": 3,
        "aspects": [
            {"label": "一楼反对加装电梯", "cases": 2, "share": 0.67, "sample_numbers": ["A1"]},
            {"label": "加梯管线迁移", "cases": 1, "share": 0.33, "sample_numbers": ["B1"]},
        ],
        "merge": {"aspects": 2, "cases": 3, "text": "2 aspects merged, 3 cases"},
    }
    made = problem_from_candidate(cast, theme, housing, candidate, "老旧小区加装电梯难")
    assert linked(made) == {"A1", "A2", "B1"}
