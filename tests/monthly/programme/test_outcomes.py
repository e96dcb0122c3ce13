"""Before and after a problem's month, on hand-built cases (the problem's month is May 2025)."""

from __future__ import annotations

import datetime as dt

import pytest

from minsheng.monthly.programme import matching, outcomes

from .conftest import import_rows, row

NOW = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)


@pytest.fixture
def cases(problem, tmp_path):  # type: ignore[no-untyped-def]
    rows = [
        # February to April: 6 cases, 3 answered "resolved" of 6 answered, 2 satisfied
        *(
            row(
                f"B{i}",
                f"2025-0{2 + i % 3}-10 09:00",
                "加装电梯",
                resolved="no",
                satisfied="dissatisfied",
            )
            for i in range(3)
        ),
        row("B3", "2025-02-11 09:00", "加装电梯", resolved="yes", satisfied="satisfied"),
        row("B4", "2025-03-11 09:00", "加装电梯", resolved="yes", satisfied="satisfied"),
        row("B5", "2025-04-11 09:00", "加装电梯", resolved="yes", satisfied="basically_satisfied"),
        # May, the month of work: in neither window
        row("M1", "2025-05-11 09:00", "加装电梯", resolved="no", satisfied="dissatisfied"),
        # June to August: 3 cases, all resolved and satisfied
        row("A1", "2025-06-11 09:00", "加装电梯"),
        row("A2", "2025-07-11 09:00", "加装电梯"),
        row("A3", "2025-08-11 09:00", "加装电梯"),
        # September: outside the three months after
        row("S1", "2025-09-11 09:00", "加装电梯", resolved="no", satisfied="dissatisfied"),
        # January: outside the three months before
        row("J1", "2025-01-11 09:00", "加装电梯", resolved="no", satisfied="dissatisfied"),
    ]
    import_rows(tmp_path, rows)
    matching.match_new(problem)


def test_volume_and_rates_before_and_after_its_month(problem, cases):
    result = outcomes.outcome(problem, now=NOW)
    assert [m.month for m in result.before.months] == [2, 3, 4]
    assert [m.month for m in result.after.months] == [6, 7, 8]
    assert (result.before.cases, result.after.cases) == (6, 3)
    assert result.before.cases_per_month == 2.0
    assert result.after.cases_per_month == 1.0
    assert result.before.rates["resolution_rate"] == 50.0
    # (2 satisfied + 0.8 × 1 basically satisfied) / 6 answered
    assert result.before.rates["satisfaction_rate"] == pytest.approx(46.67)
    assert result.after.rates["resolution_rate"] == 100.0
    assert result.change == {
        "cases_per_month": -1.0,
        "response_rate": 0.0,
        "resolution_rate": 50.0,
        "satisfaction_rate": pytest.approx(53.33),
    }


def test_the_series_marks_the_months(problem, cases):
    series = outcomes.outcome(problem, now=NOW).series
    assert [r["month"] for r in series] == [f"2025-{m:02d}" for m in range(2, 9)]
    assert [r["period"] for r in series] == ["before"] * 3 + ["month"] + ["after"] * 3
    assert [r["cases"] for r in series] == [2, 2, 2, 1, 1, 1, 1]


def test_after_counts_only_the_months_that_have_begun(problem, cases):
    result = outcomes.outcome(problem, now=dt.datetime(2025, 6, 20, tzinfo=dt.UTC))
    assert [m.month for m in result.after.months] == [6]
    assert result.after.cases == 1


def test_no_after_yet_means_no_change(problem, cases):
    result = outcomes.outcome(problem, now=dt.datetime(2025, 5, 20, tzinfo=dt.UTC))
    assert result.after.months == []
    assert result.after.cases_per_month is None
    assert result.change["cases_per_month"] is None


def test_the_year_review_reads_outcomes_in_one_query_whatever_the_number_of_problems(
    cast, problem, cases, housing
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from minsheng.monthly.programme import actions, review

    plan = problem.theme.plan

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            review.year_review(plan, now=NOW)
        return len(captured)

    one = queries()
    for n in (2, 3):
        actions.create_problem(
            actor=cast.programme_office,
            theme=problem.theme,
            title=f"p{n}",
            description="d",
            leader=cast.leader,
            lead_department=housing,
            key_phrases=["电梯"],
        )
    assert queries() == one
    found = review.year_review(plan, now=NOW)
    assert [len(t.totals.reviews) for t in found.themes] == [3]
    assert {r.outcome.before.cases for r in found.themes[0].totals.reviews} == {6}
