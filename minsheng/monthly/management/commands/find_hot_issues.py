"""``minsheng find-hot-issues``: many people on one problem of one place or party, for daily work."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.cases.casefile import BEIJING
from minsheng.monthly.management.commands._selection import SelectionCommand
from minsheng.monthly.selection.corpus import range_bounds
from minsheng.monthly.selection.hot import hot_issues


class Command(SelectionCommand):
    help = (
        "Find hot issues in a date range (default: the last 30 days): many people raising one "
        "problem about one place or party (an estate, a plant, a company), hottest first. Reads "
        "case files and message-board exports (留言编号, 留言主题, 留言详情, ...). Same input and "
        "output options as select-issues."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", help="First day (YYYY-MM-DD).")
        parser.add_argument("--to", dest="end", help="Last day (YYYY-MM-DD), included.")
        self.add_common_arguments(parser, top=10)

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.now().astimezone(BEIJING).date()
        end = _date(options["end"], "--to") if options["end"] else today
        start = _date(options["start"], "--from") if options["start"] else end - dt.timedelta(29)
        if end < start:
            raise CommandError(_("--to must not be before --from."))
        bounds = range_bounds(start, end)
        records = self.records(options, *bounds)
        self.run(options, partial(hot_issues, records, start=bounds[0], end=bounds[1]))


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("%(option)s takes a date such as 2021-03-05, not %(value)s.")
            % {"option": option, "value": text}
        ) from None
