"""``minsheng forecast-cases``: weekly case volumes ahead per group, with a backtest (未诉先办)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.cases.casefile import BEIJING, CaseFileError
from minsheng.cases.partitions import CaseFile
from minsheng.core.commands import MinshengCommand
from minsheng.monthly.forecast import output
from minsheng.monthly.forecast.engine import BY_CHOICES, MAX_WEEKS, Forecast, forecast_cases
from minsheng.monthly.forecast.sources import alert_rule, database_forecast


class Command(MinshengCommand):
    help = (
        "Forecast the weekly number of cases per district and/or category: yearly season, "
        "holidays and adjusted working days, trend, with 80% intervals. Every run prints a "
        "backtest (WAPE of the forecast and of two simple rules on the last weeks held out) "
        "and the groups expected to rise well above their usual volume (proactive items)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--input", help="A case file (CSV or XLSX, the import format); default: the database."
        )
        parser.add_argument(
            "--until",
            help="Last day of the history (YYYY-MM-DD); default: the last day with a case "
            "(a file) or yesterday (the database).",
        )
        parser.add_argument(
            "--weeks", type=int, default=8, help=f"Weeks to forecast, 1 to {MAX_WEEKS} (default 8)."
        )
        parser.add_argument(
            "--by", choices=BY_CHOICES, default="category,district", help="Groups to forecast."
        )
        parser.add_argument(
            "--format", choices=output.FORMATS, help="json or csv (default: from --out, else json)."
        )
        parser.add_argument("--out", help="Output file (default: standard output).")

    def handle(self, *args: Any, **options: Any) -> None:
        weeks = options["weeks"]
        if not 1 <= weeks <= MAX_WEEKS:
            raise CommandError(_("--weeks must be between 1 and %(most)s.") % {"most": MAX_WEEKS})
        until = _date(options["until"]) if options["until"] else None
        fmt = options["format"] or _format_of(options["out"])
        bar = self.progress_bar(description=_("Reading cases"), unit=_("cases"))

        def progress(stage: str, done: int, total: int | None) -> None:
            if stage == "read":
                bar.update(done - bar.n)

        try:
            forecast = self._forecast(options, until, weeks, progress)
        except CaseFileError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        self._write(forecast, fmt, options["out"])
        self._report(forecast)

    def _forecast(
        self, options: dict[str, Any], until: dt.date | None, weeks: int, progress: Any
    ) -> Forecast:
        if options["input"]:
            path = Path(options["input"])
            if not path.is_file():
                raise CommandError(_("There is no file %(path)s.") % {"path": path})
            return forecast_cases(
                CaseFile(path),  # read by the workers when on Dask
                by=options["by"],
                weeks=weeks,
                until=until,
                alert_rule=alert_rule(),
                progress=progress,
            )
        return database_forecast(
            until=until or timezone.now().astimezone(BEIJING).date() - dt.timedelta(days=1),
            by=options["by"],
            weeks=weeks,
        )

    def _write(self, forecast: Forecast, fmt: str, out: str | None) -> None:
        if not out:
            output.write(forecast, fmt, sys.stdout)
            return
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as stream:
            output.write(forecast, fmt, stream)
        self.stderr.write(
            _("%(rows)s weekly forecasts written to %(path)s.")
            % {"rows": len(forecast.rows), "path": path}
        )

    def _report(self, forecast: Forecast) -> None:
        summary = forecast.summary
        if summary["skipped"]:
            self.stderr.write(
                _("%(rows)s rows of the file could not be read and were left out.")
                % {"rows": summary["skipped"]}
            )
        if not summary["history_weeks"]:
            self.stderr.write(_("No whole week of cases before the end of the history."))
            return
        self.stderr.write(
            _(
                "History: %(cases)s cases in %(weeks)s whole weeks, %(first)s to %(last)s, "
                "%(groups)s groups."
            )
            % {
                "cases": summary["cases"],
                "weeks": summary["history_weeks"],
                "first": summary["history_from"],
                "last": summary["history_to"],
                "groups": summary["groups"],
            }
        )
        self.stderr.write(output.describe_backtest(forecast.backtest))
        if line := output.verdict(forecast.backtest):
            self.stderr.write(line)
        if forecast.alerts:
            self.stderr.write(_("Proactive items (act before the calls come):"))
            for alert in forecast.alerts:
                self.stderr.write("  " + output.describe_alert(alert))
        else:
            self.stderr.write(_("No group is expected to rise well above its usual volume."))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("%(option)s takes a date such as 2021-03-05, not %(value)s.")
            % {"option": "--until", "value": text}
        ) from None


def _format_of(out: str | None) -> str:
    suffix = Path(out).suffix.lower().lstrip(".") if out else ""
    return suffix if suffix in output.FORMATS else "json"
