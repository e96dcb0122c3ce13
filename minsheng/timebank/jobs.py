"""Background jobs of the Time Bank (run by ``minsheng worker``)."""

from __future__ import annotations

from typing import Any

from minsheng.jobs.runner import Progress, handler
from minsheng.timebank import reporting


@handler("timebank.refresh_reports")
def refresh_reports(progress: Progress, params: dict[str, Any]) -> dict[str, Any]:
    seconds = reporting.refresh(lambda done, total: progress.update(done, total))
    return {"seconds": round(seconds, 2)}
