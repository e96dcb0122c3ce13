"""A forecast as JSON (a list of weeks, the contract) or CSV, and its backtest and alerts in words."""

from __future__ import annotations

import csv
import json
from typing import IO

from django.utils.translation import gettext as _

from minsheng.core.spreadsheets import csv_row
from minsheng.monthly.forecast.engine import Backtest, Forecast, ProactiveAlert

FORMATS = ("json", "csv")
COLUMNS = ("week_start", "district", "category", "expected", "low", "high")


def write(forecast: Forecast, fmt: str, stream: IO[str]) -> None:
    if fmt == "json":
        json.dump(forecast.as_json(), stream, ensure_ascii=False, indent=1)
        stream.write("\n")
        return
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    for row in forecast.as_json():
        writer.writerow(csv_row("" if row[c] is None else row[c] for c in COLUMNS))


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def describe_backtest(backtest: Backtest | None) -> str:
    """The backtest in one sentence, so that a user sees whether to trust the forecast."""
    if backtest is None:
        return _(
            "No backtest: the history is too short to hold weeks out (it needs at least twice "
            "the forecast weeks, and eight weeks)."
        )
    return _(
        "Backtest on the last %(weeks)s weeks of the history (%(cases)s cases), weighted absolute "
        "percentage error (WAPE, lower is better): forecast %(model)s, the same week last year "
        "%(last_year)s, the mean of the last four weeks %(last_four)s. The 80%% intervals held "
        "%(coverage)s of the weeks."
    ) % {
        "weeks": backtest.weeks,
        "cases": backtest.actual,
        "model": percent(backtest.model),
        "last_year": percent(backtest.same_week_last_year),
        "last_four": percent(backtest.last_four_weeks),
        "coverage": percent(backtest.coverage),
    }


def verdict(backtest: Backtest | None) -> str:
    """Whether the forecast beat the better baseline in the backtest."""
    if backtest is None or backtest.model is None:
        return ""
    baselines = [
        b for b in (backtest.same_week_last_year, backtest.last_four_weeks) if b is not None
    ]
    if baselines and backtest.model < min(baselines):
        return _("The forecast did better than both simple rules: it can be relied on.")
    return _("The forecast did not beat a simple rule on this history: use it with care.")


def group_name(district: str | None, category: str | None) -> str:
    if district and category:
        return _("%(category)s in %(district)s") % {"category": category, "district": district}
    return district or category or _("(unknown)")


def describe_alert(alert: ProactiveAlert) -> str:
    return _(
        "%(group)s: %(expected)s cases expected in the %(weeks)s weeks from %(first)s, "
        "against %(usual)s usually (%(rise)s more)."
    ) % {
        "group": group_name(alert.district, alert.category),
        "expected": f"{alert.expected:g}",
        "weeks": alert.weeks,
        "first": alert.first_week,
        "usual": f"{alert.usual:g}",
        "rise": f"{alert.rise * 100:.0f}%" if alert.usual else "—",
    }
