"""Background and periodic work of the Time Bank (run by ``minsheng worker``, or by cron
through ``minsheng run-periodic``)."""

from __future__ import annotations

from typing import Any

from minsheng.audit.context import ActingContext, acting
from minsheng.jobs.runner import Progress, handler
from minsheng.jobs.schedule import every
from minsheng.timebank import reporting


@handler("timebank.refresh_reports")
def refresh_reports(progress: Progress, params: dict[str, Any]) -> dict[str, Any]:
    seconds = reporting.refresh(lambda done, total: progress.update(done, total))
    return {"seconds": round(seconds, 2)}


@every(name="timebank.auto_confirm", hours=1)
def auto_confirm() -> None:
    """Orders signed out longer ago than the policy allows are confirmed and paid."""
    from minsheng.timebank.actions.settlement import auto_confirm_due

    with acting(ActingContext(channel="system")):
        auto_confirm_due()


@every(name="timebank.refresh_reports", hours=6)
def refresh_report_tables() -> None:
    reporting.refresh()
