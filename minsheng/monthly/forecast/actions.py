"""Every change of the forecasts: starting and finishing a run, deciding on a proactive item.

Each is checked, in one transaction, audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.cases.casefile import BEIJING
from minsheng.core.errors import Refused
from minsheng.jobs import runner
from minsheng.monthly.conf import forecast_settings
from minsheng.monthly.forecast.engine import Forecast
from minsheng.monthly.models import ForecastRun, ProactiveItem
from minsheng.monthly.models.forecast import MAX_FORECAST_WEEKS
from minsheng.people.models import Organisation, User

JOB_KIND = "monthly.forecast"
RUN, ACT = "monthly.run_forecast", "monthly.act_on_forecast"
VIEW, VIEW_ITEM = "monthly.view_forecast", "monthly.view_proactive_item"


class AlreadyDecided(Refused):
    code = "already_decided"


def visible_items(user: Any) -> QuerySet[ProactiveItem]:
    """The proactive items ``user`` may see: a unit's staff (who do not see the forecasts),
    only the tasks handed to their unit."""
    visible = access.scope(
        user, VIEW_ITEM, ProactiveItem.objects.select_related("unit", "run", "decided_by")
    )
    if not access.can(user, VIEW):
        visible = visible.filter(status=ProactiveItem.Status.ASSIGNED)
    return visible


def start_forecast(
    *, actor: User, by: str, weeks: int, until: dt.date, language: str = "zh-hans"
) -> ForecastRun:
    """Queue a forecast of the cases in the database; the job page shows its progress."""
    access.require(actor, RUN)
    if by not in ForecastRun.By.values:
        raise ValidationError(_("Choose how to group the cases."))
    if not 1 <= weeks <= MAX_FORECAST_WEEKS:
        raise ValidationError(
            _("Forecast between 1 and %(most)s weeks.") % {"most": MAX_FORECAST_WEEKS}
        )
    if until > timezone.now().astimezone(BEIJING).date():
        raise ValidationError(_("The history cannot end after today."))
    with transaction.atomic():
        run = ForecastRun.objects.create(by=by, weeks=weeks, until=until, created_by=actor)
        run.job = runner.enqueue(JOB_KIND, {"run": run.pk, "language": language}, created_by=actor)
        run.save(update_fields=["job"])
        record(
            action="monthly.start_forecast",
            target=run,
            actor=actor,
            after={"by": by, "weeks": weeks, "until": until.isoformat()},
        )
    return run


def schedule_weekly_forecast(*, today: dt.date) -> ForecastRun | None:
    """Queue the week's forecast of the database (history to last Sunday), once a week.

    Started by the job worker's schedule, for nobody in particular: every Monday the office finds
    the new proactive items without having to ask. Nothing is queued without cases.
    """
    return _weekly_run(today, queue=True)


def weekly_forecast_now(*, today: dt.date) -> ForecastRun | None:
    """The week's forecast computed at once rather than by a job (the demo, so that the
    forecast page is not empty before the worker's first look); once a week, as above."""
    from minsheng.monthly.forecast.sources import database_forecast

    run = _weekly_run(today, queue=False)
    if run is None:
        return None
    forecast = database_forecast(until=run.until, by=run.by, weeks=run.weeks)
    return finish_forecast(run=run, forecast=forecast)


def _weekly_run(today: dt.date, *, queue: bool) -> ForecastRun | None:
    from minsheng.hotline.models import Case

    until = today - dt.timedelta(days=today.weekday() + 1)  # the last Sunday
    if ForecastRun.objects.filter(created_by=None, until=until).exists():
        return None
    if not Case.objects.exists():
        return None
    config = forecast_settings()
    with transaction.atomic():
        run, created = ForecastRun.objects.get_or_create(
            created_by=None,
            until=until,
            defaults={"by": ForecastRun.By.BOTH, "weeks": int(config["WEEKS"])},
        )
        if not created:
            return None
        if queue:
            run.job = runner.enqueue(JOB_KIND, {"run": run.pk, "language": "zh-hans"})
            run.save(update_fields=["job"])
        record(
            action="monthly.start_forecast",
            target=run,
            actor=None,
            after={"by": run.by, "weeks": run.weeks, "until": until.isoformat()},
        )
    return run


def finish_forecast(*, run: ForecastRun, forecast: Forecast) -> ForecastRun:
    """Store the result of a run and its proactive items (called by its job)."""
    with transaction.atomic():
        locked = ForecastRun.objects.select_for_update().get(pk=run.pk)
        locked.rows = forecast.as_json()
        locked.backtest = _backtest(forecast)
        locked.summary = forecast.summary
        locked.finished_at = timezone.now()
        locked.save(update_fields=["rows", "backtest", "summary", "finished_at"])
        ProactiveItem.objects.bulk_create(
            ProactiveItem(
                run=locked,
                district=alert.district or "",
                category=alert.category or "",
                first_week=dt.date.fromisoformat(alert.first_week),
                weeks=alert.weeks,
                expected=alert.expected,
                usual=alert.usual,
            )
            for alert in forecast.alerts
        )
        record(
            action="monthly.finish_forecast",
            target=locked,
            actor=None,
            after={"rows": len(forecast.rows), "items": len(forecast.alerts)},
        )
    return locked


def _backtest(forecast: Forecast) -> dict[str, Any] | None:
    backtest = forecast.backtest
    if backtest is None:
        return None
    return {
        "weeks": backtest.weeks,
        "actual": backtest.actual,
        "model": backtest.model,
        "same_week_last_year": backtest.same_week_last_year,
        "last_four_weeks": backtest.last_four_weeks,
        "coverage": backtest.coverage,
    }


def _decide(
    *,
    actor: User,
    item: ProactiveItem,
    action: str,
    status: str,
    changes: dict[str, Any],
    after: dict[str, Any],
) -> ProactiveItem:
    """Decide an open item once: locked, checked, changed and audited in one transaction."""
    with transaction.atomic():
        access.require(actor, ACT, item)
        locked = ProactiveItem.objects.select_for_update().get(pk=item.pk)
        if locked.status != ProactiveItem.Status.OPEN:
            raise AlreadyDecided(_("This item has already been decided."))
        for name, value in {**changes, "status": status, "decided_by": actor}.items():
            setattr(locked, name, value)
        locked.decided_at = timezone.now()
        locked.save(update_fields=[*changes, "status", "decided_by", "decided_at"])
        record(
            action=action,
            target=locked,
            actor=actor,
            before={"status": ProactiveItem.Status.OPEN},
            after={"status": status, **after},
        )
    return locked


def assign_proactive_item(
    *, actor: User, item: ProactiveItem, unit: Organisation, task: str, due: dt.date
) -> ProactiveItem:
    """Hand the item to a unit as a task with a deadline, before the calls come."""
    task = task.strip()
    if not task:
        raise ValidationError(_("Say what the unit is asked to do."))
    if due < timezone.now().astimezone(BEIJING).date():
        raise ValidationError(_("The deadline cannot be in the past."))
    if not unit.is_active:
        raise ValidationError(_("This unit is no longer active."))
    return _decide(
        actor=actor,
        item=item,
        action="monthly.assign_proactive_item",
        status=ProactiveItem.Status.ASSIGNED,
        changes={"unit": unit, "task": task, "due": due},
        after={"unit": unit.code, "task": task, "due": due.isoformat()},
    )


def dismiss_proactive_item(*, actor: User, item: ProactiveItem, note: str) -> ProactiveItem:
    """Set the item aside, saying why (already in hand, a known one-off, ...)."""
    note = note.strip()
    if not note:
        raise ValidationError(_("Say why the item is set aside."))
    return _decide(
        actor=actor,
        item=item,
        action="monthly.dismiss_proactive_item",
        status=ProactiveItem.Status.DISMISSED,
        changes={"note": note},
        after={"note": note},
    )
