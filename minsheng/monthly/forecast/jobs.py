"""The background job that computes a forecast from the database, with progress."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from minsheng.jobs import runner, schedule
from minsheng.monthly.forecast import actions
from minsheng.monthly.forecast.sources import database_forecast
from minsheng.monthly.models import ForecastRun
from minsheng.monthly.programme.actions import today

COUNTED = 20  # share of the bar: PostgreSQL counts the days, then the groups are fitted


@runner.handler(actions.JOB_KIND)
def run_forecast(progress: runner.Progress, params: dict[str, Any]) -> dict[str, Any]:
    run = ForecastRun.objects.get(pk=params["run"])
    with translation.override(params.get("language") or "zh-hans"):
        progress.update(0, 100, _("Counting cases by week"))

        def report(stage: str, done: int, total: int | None) -> None:
            if stage == "fit" and total:
                share = done / total
                progress.update(COUNTED + int((100 - COUNTED) * share), 100, _("Fitting"))

        forecast = database_forecast(until=run.until, by=run.by, weeks=run.weeks, progress=report)
        actions.finish_forecast(run=run, forecast=forecast)
    return {"run": run.pk, "rows": len(forecast.rows), "items": len(forecast.alerts)}


@schedule.every(name="monthly.weekly_forecast", hours=6)
def weekly_forecast() -> int | None:
    """Queue this week's forecast once its history (to last Sunday) is complete."""
    run = actions.schedule_weekly_forecast(today=today())
    return run.pk if run else None
