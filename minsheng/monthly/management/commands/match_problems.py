"""``minsheng match-problems``: link new cases to the programme's problems by their definitions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from minsheng.core.commands import MinshengCommand
from minsheng.monthly.models import Problem
from minsheng.monthly.programme import matching


class Command(MinshengCommand):
    help = (
        "Link the cases that arrived since the last run to the problems of the annual programmes "
        "whose saved definitions they match (the hourly periodic work does the same). With "
        "--again, every case is matched anew (after a definition or the cases changed)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Only the problems of this programme.")
        parser.add_argument("--again", action="store_true", help="Match every case anew.")

    def handle(self, *args: Any, **options: Any) -> None:
        problems = Problem.objects.order_by("pk")
        if options["year"]:
            problems = problems.filter(theme__plan__year=options["year"])
            if not problems.exists():
                raise CommandError(
                    _("The programme of %(year)s has no problem.") % {"year": options["year"]}
                )
        chosen = list(problems)
        match = matching.rematch if options["again"] else matching.match_new
        total = 0
        with self.progress_bar(
            total=len(chosen), description=_("Problems"), unit="problems"
        ) as bar:
            for problem in chosen:
                total += match(problem)
                bar.update(1)
        self.stdout.write(
            _("%(cases)s case links added for %(problems)s problems.")
            % {"cases": total, "problems": len(chosen)}
        )
