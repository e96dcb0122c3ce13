"""``minsheng select-issues``: rank a year's problems for "One issue per month"."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from minsheng.monthly.management.commands._selection import SelectionCommand
from minsheng.monthly.selection.corpus import year_bounds
from minsheng.monthly.selection.engine import select_issues


class Command(SelectionCommand):
    help = (
        'Rank the concrete problems of a year of 12345 cases by how well they fit "One issue per '
        'month" (widespread, chronic, needing municipal coordination), with their evidence. '
        "Reads a case file (--input) or the database; writes JSON (a list ordered by rank), CSV, "
        "XLSX or HTML."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The year to analyse.")
        self.add_common_arguments(parser, top=30)
        parser.add_argument(
            "--save-as",
            metavar="USERNAME",
            help="Also store the run under this user's name, as a run started on the web page is "
            "stored, so that its candidates can be shortlisted and planned as programme problems.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = year_bounds(options["year"])
        actor = self.saving_user(options["save_as"])
        records = self.records(options, start, end)
        selection = self.run(options, partial(select_issues, records, start=start, end=end))
        if actor is not None:
            run = self.save_run(actor, options, selection, start.date(), end.date())
            self.stderr.write(_("Stored as selection run %(pk)s.") % {"pk": run.pk})
