"""The facts behind the score, on small hand-built sets of cases."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from minsheng.cases.casefile import BEIJING, CaseRecord
from minsheng.monthly.conf import selection_settings
from minsheng.monthly.selection.corpus import CorpusBuilder, year_bounds
from minsheng.monthly.selection.evidence import gather
from minsheng.monthly.selection.scoring import Totals, components

START, END = year_bounds(2025)


def case(number, month, **fields):
    values = {"content": "加装电梯审批难", "district": "朝阳区", "subdistrict": "劲松街道"}
    values.update(fields)
    return CaseRecord(
        line=0, number=number, received_at=dt.datetime(2025, month, 10, 9, tzinfo=BEIJING), **values
    )


def facts_of(records, labels):
    builder = CorpusBuilder(start=START, end=END)
    corpus = builder.add_all(records)
    return corpus, gather(
        corpus,
        np.array(labels, dtype=np.int32),
        max(labels) + 1,
        start=int(START.timestamp()),
        months=12,
        overdue_days=15,
        end=int(END.timestamp()),
        signature=np.arange(1, len(corpus) + 1, dtype=np.uint64),
    )


def handled(days, month=1):
    return dt.datetime(2025, month, 10, 9, tzinfo=BEIJING) + dt.timedelta(days=days)


def test_rates_count_the_callers_answers_and_fall_back_to_the_units_result():
    records = [
        case("A1", 1, resolved=True, satisfied="satisfied"),
        case("A2", 1, resolved=False, satisfied="dissatisfied"),
        case("A3", 1, result="resolved", satisfied="basically_satisfied"),  # no answer: result
        case("A4", 1, result="explained", satisfied="no_answer"),  # not surveyed
    ]
    _, facts = facts_of(records, [0, 0, 0, 0])
    assert (facts.resolved[0], facts.answered[0]) == (2, 4)
    assert (facts.satisfied[0], facts.surveyed[0]) == (2, 3)


def test_repeat_callers_and_calls_again_after_a_closed_case():
    closed = dt.datetime(2025, 2, 1, tzinfo=BEIJING)
    records = [
        case("B1", 1, caller_id="x", closed_at=closed),
        case("B2", 3, caller_id="x"),  # again, after B1 was closed
        case("B3", 1, caller_id="y"),
        case("B4", 2, caller_phone="138****5678"),  # masked: nobody
        case("B5", 2, caller_phone="138****5678"),
    ]
    _, facts = facts_of(records, [0, 0, 0, 0, 0])
    assert (facts.repeat_callers[0], facts.with_caller[0]) == (2, 3)
    assert facts.again_after_closure[0] == 1


def test_units_departments_returns_and_policy_gaps():
    records = [
        case(
            "C1",
            1,
            handling_unit="SD-110105017",
            cooperating_units=["BJ-ZJW"],
            return_count=1,
            dispatch_count=2,
            result="explained",
        ),
        case(
            "C2",
            1,
            handling_unit="BJ-ZJW",
            cooperating_units=["BJ-GHZRZYW"],
            resolution="经核实，该诉求不属于本单位职责范围",
        ),
        case("C3", 1, handling_unit="BJ-ZJW", result="resolved"),
        case("C4", 1, handling_unit="BJ-GHZRZYW", kind="complaint"),
        case("C5", 1, handling_unit="BJ-GHZRZYW", kind="consultation", result="explained"),
        case("C6", 1, handling_unit="BJ-SCJGJ", kind="consultation"),
        case("C7", 1, handling_unit="BJ-SCJGJ", kind="consultation"),
        case("C8", 1, handling_unit="BJ-SCJGJ", kind="help"),
        case("C9", 1, handling_unit="BJ-GHZRZYW", kind="help"),
    ]
    _, facts = facts_of(records, [0] * 9)
    assert facts.units[0] == 4
    # BJ-ZJW and BJ-GHZRZYW handle three requests each; the sub-district office is local, and
    # questions passed to BJ-SCJGJ do not make it part of the problem.
    assert facts.departments[0] == 2
    assert facts.returns[0] == 1 and facts.redispatched[0] == 1
    assert facts.policy_gap[0] == 2  # the consultation's explanation is no policy gap
    assert facts.units_per_case[0] == pytest.approx(11 / 9)


def test_time_place_and_handling():
    records = [
        case("D1", 1, handled_at=handled(2)),
        case("D2", 4, handled_at=handled(20, month=4)),
        case("D3", 7, district=None, subdistrict=None, content="海淀区中关村街道有人反映加装电梯"),
        case("D4", 8, reopened=True),
    ]
    corpus, facts = facts_of(records, [0, 0, 0, 0])
    assert facts.monthly[0].tolist() == [1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0]
    assert facts.subdistricts[0] == 2 and facts.districts[0] == 1  # two cases needed per district
    assert facts.handling_days[0] == pytest.approx(11)
    assert facts.reopened[0] == 1
    assert facts.overdue[0] >= 1  # D2 took 20 days; D3, D4 never handled by the year's end
    assert corpus.column("located_by").tolist() == [1, 1, 2, 1]


def test_components_and_scores_on_hand_built_clusters():
    chronic = [
        case(
            f"E{i}",
            1 + i % 12,
            caller_id=f"p{i % 4}",
            result="explained",
            resolved=False,
            satisfied="dissatisfied",
            handling_unit="BJ-ZJW",
            cooperating_units=["BJ-GHZRZYW"],
            return_count=1,
            handled_at=handled(30, month=1 + i % 12),
        )
        for i in range(24)
    ]
    quick = [
        case(
            f"F{i}",
            1,
            result="resolved",
            resolved=True,
            satisfied="satisfied",
            handling_unit="SD-110105017",
            handled_at=handled(0.5),
            content="路灯不亮",
        )
        for i in range(24)
    ]
    _, facts = facts_of(chronic + quick, [0] * 24 + [1] * 24)
    totals = Totals(cases=48, months=12, districts=16, subdistricts=100, largest=24)
    config = selection_settings()
    a, b = components(facts, 0, totals, config), components(facts, 1, totals, config)
    assert a["months_active"] == 12 and b["months_active"] == 1
    assert a["repeat_callers"] == 1.0 and a["policy_gap"] == 1.0 and a["resolution_rate"] == 0
    assert a["returns_per_case"] == 1.0 and a["departments"] == 2
    assert b["resolution_rate"] == 1.0 and b["satisfaction_rate"] == 1.0
    # Chronic, by the default weights: repeat callers .2 + handling time .15 + unresolved .2 +
    # dissatisfied .15 + overdue .1 (nothing reopened, nothing closed before a new call).
    assert a["chronic"] == pytest.approx(0.8)
    assert b["chronic"] == pytest.approx(0.15 * 0.5 / 15, abs=1e-4)  # half a day of handling
    assert a["coordination"] > b["coordination"]
    assert a["score"] > b["score"]
