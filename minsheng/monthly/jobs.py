"""The background job that runs a selection, reporting its progress to the job page."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from minsheng.jobs import runner
from minsheng.monthly import sources
from minsheng.monthly.models import SelectionRun
from minsheng.monthly.selection import actions
from minsheng.monthly.selection.corpus import range_bounds
from minsheng.monthly.selection.engine import select_issues
from minsheng.monthly.selection.hot import hot_issues

# Shares of the progress bar: reading is most of the work, then clustering, then evidence.
READ, CLUSTER = 70, 90


@runner.handler(actions.JOB_KIND)
def run_selection(progress: runner.Progress, params: dict[str, Any]) -> dict[str, Any]:
    run = SelectionRun.objects.get(pk=params["run"])
    with translation.override(params.get("language") or "zh-hans"):
        records, rows = sources.records(run)
        progress.update(0, 100, _("Reading cases"))

        def report(stage: str, done: int, total: int | None) -> None:
            if stage == "read":
                share = min(done / rows, 1.0) if rows else 0.0
                progress.update(int(READ * share), 100, _("Reading cases"))
            elif stage == "cluster":
                progress.update(READ, 100, _("Finding problems"))
            else:
                share = done / total if total else 1.0
                progress.update(
                    CLUSTER + int((100 - CLUSTER) * share), 100, _("Gathering evidence")
                )

        start, end = range_bounds(run.period_start, run.period_end)
        select = select_issues if run.mode == SelectionRun.Mode.YEAR else hot_issues
        selection = select(
            records, start=start, end=end, top=run.top, seed=run.seed, progress=report
        )
        actions.finish_selection(
            run=run, candidates=selection.candidates, summary=selection.summary
        )
    return {"run": run.pk, "candidates": len(selection.candidates)}
