"""The programme's periodic work: new cases matched to problems, overdue supervision escalated."""

from __future__ import annotations

from minsheng.jobs import schedule
from minsheng.monthly.programme import actions, matching


@schedule.every(name="monthly.match_problems", hours=1)
def match_problems() -> int:
    """Link the cases that arrived in the last hour to the problems they belong to."""
    return sum(matching.match_all().values())


@schedule.every(name="monthly.escalate_supervision", hours=6)
def escalate_supervision() -> dict[str, int]:
    """Escalate supervision items past their deadline (idempotent within a day)."""
    return actions.escalate_overdue()
