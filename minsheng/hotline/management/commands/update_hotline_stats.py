"""``minsheng update-hotline-stats``: recompute the monthly assessment tables (idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.core.commands import MinshengCommand
from minsheng.hotline.stats import changed_months, months_between, months_with_cases, update_stats


def _month(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise CommandError(_("Give months as YYYY-MM, not “%(text)s”.") % {"text": text}) from None


class Command(MinshengCommand):
    help = (
        "Recompute the monthly rates, rankings and dashboard counts from the cases. Safe to run "
        "again for any month: the month's rows are replaced. Default: only the months whose "
        "cases changed, or in which a deadline passed, since they were last computed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", action="append", default=[], help="YYYY-MM (repeatable)")
        parser.add_argument("--from", dest="first", help="First month, YYYY-MM")
        parser.add_argument("--to", dest="last", help="Last month, YYYY-MM")
        parser.add_argument(
            "--all", action="store_true", help="Every month that has cases, changed or not"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # One clock for choosing the months and computing them: a deadline passing in between
        # is then either counted now or found by the next run, never neither.
        now = timezone.now()
        months = [_month(text) for text in options["month"]]
        if options["first"] or options["last"]:
            known: list[dt.date | None] = [*months_with_cases()] or [None]
            first = _month(options["first"]) if options["first"] else known[0]
            last = _month(options["last"]) if options["last"] else known[-1]
            if first is None or last is None:
                raise CommandError(_("There are no cases yet."))
            months += list(months_between(first, last))
        if months:
            selected = sorted(set(months))
        elif options["all"]:
            selected = months_with_cases()
        else:
            selected = changed_months(now)
        with self.progress_bar(total=len(selected), description=_("Months"), unit="months") as bar:
            done = update_stats(selected, now=now, on_month=lambda month: bar.update(1))
        if options["verbosity"]:
            self.stdout.write(_("%(count)d months recomputed.") % {"count": len(done)})
