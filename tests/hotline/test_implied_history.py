"""Whatever a file row says, the history the importer derives gives the same counts back."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from minsheng.hotline.casefile import BEIJING, CaseRecord
from minsheng.hotline.importing import implied_events, status_of

START = dt.datetime(2025, 3, 1, 9, tzinfo=BEIJING)


@st.composite
def records(draw):  # type: ignore[no-untyped-def]
    record = CaseRecord(line=2, number="N1", received_at=START, content="x")
    record.handling_unit = draw(st.sampled_from([None, "SD-110105017"]))
    record.return_count = draw(st.one_of(st.none(), st.integers(0, 5)))
    record.reopened = draw(st.one_of(st.none(), st.booleans()))
    steps = draw(st.integers(0, 3))
    record.responded_at = START + dt.timedelta(hours=1) if steps >= 1 else None
    record.handled_at = START + dt.timedelta(days=1) if steps >= 2 else None
    record.closed_at = START + dt.timedelta(days=2) if steps >= 3 else None
    record.satisfied = (
        draw(st.sampled_from([None, "satisfied", "no_answer"])) if steps >= 3 else None
    )
    return record


@given(records(), st.integers(0, 5))
def test_counts_survive_the_round_trip(record, dispatches):
    counts = Counter(kind for kind, *_ in implied_events(record, 1, dispatches))
    assert counts["received"] == 1
    assert counts["dispatched"] == dispatches
    assert counts["returned"] == (record.return_count or 0)
    assert (counts["reopened"] > 0) == bool(record.reopened)
    assert counts["closed"] == (1 if record.closed_at else 0)


@given(records())
def test_the_status_follows_the_contract(record):
    status = status_of(record)
    if record.closed_at:
        assert status == "closed"
    elif not record.handling_unit:
        assert status == "received"
    elif record.handled_at:
        assert status == "handled"
    elif record.responded_at:
        assert status == "responded"
    else:
        assert status == "dispatched"


@given(records(), st.integers(0, 5))
def test_events_are_in_time_order(record, dispatches):
    times = [at for _, at, *_ in implied_events(record, 1, dispatches)]
    assert times == sorted(times)
