"""Whatever a file row says, the account the importer keeps gives the same counts back."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from minsheng.cases.casefile import BEIJING, CaseRecord
from minsheng.hotline.importing.history import (
    dispatches_of,
    history_of,
    history_steps,
    status_of,
    unit_json,
)

START = dt.datetime(2025, 3, 1, 9, tzinfo=BEIJING)


@st.composite
def records(draw):  # type: ignore[no-untyped-def]
    record = CaseRecord(line=2, number="N1", received_at=START, content="x")
    record.handling_unit = draw(st.sampled_from([None, "SD-110105017"]))
    record.dispatch_count = draw(st.one_of(st.none(), st.integers(0, 5)))
    record.return_count = draw(st.one_of(st.none(), st.integers(0, 5)))
    record.reopened = draw(st.one_of(st.none(), st.booleans()))
    steps = draw(st.integers(0, 3))
    record.responded_at = START + dt.timedelta(hours=1) if steps >= 1 else None
    record.handled_at = START + dt.timedelta(days=1) if steps >= 2 else None
    record.result = draw(st.sampled_from([None, "resolved", "explained"])) if steps >= 2 else None
    record.closed_at = START + dt.timedelta(days=2) if steps >= 3 else None
    record.resolved = draw(st.one_of(st.none(), st.booleans())) if steps >= 3 else None
    record.satisfied = (
        draw(st.sampled_from([None, "satisfied", "no_answer"])) if steps >= 3 else None
    )
    return record


def account(record: CaseRecord) -> dict:  # type: ignore[type-arg]
    text = history_of(
        record,
        status=status_of(record),
        unit=unit_json(record.handling_unit),
        dispatches=dispatches_of(record),
    )
    return json.loads(text)  # type: ignore[no-any-return]


@given(records())
def test_the_account_is_json_with_the_counts_of_the_row(record):
    data = account(record)
    assert data["dispatch_count"] == dispatches_of(record)
    assert data["return_count"] == (record.return_count or 0)
    assert data["reopened"] is bool(record.reopened)
    assert data["status"] == status_of(record)
    assert data["resolved"] == record.resolved


@given(records())
def test_counts_survive_the_round_trip_through_the_steps(record):
    counts = Counter(kind for kind, *_ in history_steps(account(record)))
    assert counts["received"] == 1
    assert counts["dispatched"] == dispatches_of(record)
    assert counts["returned"] == (record.return_count or 0)
    assert (counts["reopened"] > 0) == bool(record.reopened)
    assert counts["closed"] == (1 if record.closed_at else 0)


@given(records())
def test_steps_are_in_time_order(record):
    times = [at for _, at, _ in history_steps(account(record))]
    assert times == sorted(times)


@given(records())
def test_the_status_follows_the_contract(record):
    status = status_of(record)
    if record.closed_at:
        assert status == "closed"
    elif not record.handling_unit:  # answered by the hotline on the call, or awaiting dispatch
        assert status == ("handled" if record.handled_at else "received")
    elif record.handled_at:
        assert status == "handled"
    elif record.responded_at:
        assert status == "responded"
    else:
        assert status == "dispatched"


def test_a_row_without_a_dispatch_count_was_dispatched_once_if_it_has_a_unit():
    record = CaseRecord(line=2, number="N1", received_at=START, content="x")
    assert dispatches_of(record) == 0
    record.handling_unit = "SD-110105017"
    assert dispatches_of(record) == 1
