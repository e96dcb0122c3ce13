"""Selection runs as the tests need them: the fields every candidate carries, and a stored run
with one candidate the office has shortlisted."""

from __future__ import annotations

from typing import Any

from minsheng.monthly.models import SelectionRun
from minsheng.monthly.selection import actions as selection

# The fields every candidate carries, in the selection's output and in the API alike.
CANDIDATE_FIELDS = {
    "rank",
    "label",
    "keywords",
    "size",
    "score",
    "components",
    "districts",
    "subdistricts",
    "units",
    "months",
    "sample_numbers",
    "numbers",
}


def shortlisted_run(office: Any, year: int, candidate: dict[str, Any]) -> SelectionRun:
    """A finished selection of ``year`` from the database whose one candidate ``office`` has
    shortlisted, so that the programme can take it up."""
    run = SelectionRun.objects.create(
        mode="year",
        source="database",
        period_start=f"{year}-01-01",
        period_end=f"{year}-12-31",
        created_by=office,
        finished_at=f"{year + 1}-01-05T00:00:00Z",
        summary={},
        candidates=[candidate],
    )
    selection.decide_candidate(actor=office, run=run, key=candidate["key"], decision="shortlisted")
    return run
