"""``minsheng export-cases``: write cases in the case file format, with filters."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from minsheng.cases.casefile import CaseWriter
from minsheng.core.commands import MinshengCommand
from minsheng.hotline.exporting import filtered_cases, write_cases
from minsheng.hotline.records import case_records


class Command(MinshengCommand):
    help = (
        "Export cases as CSV or XLSX in the import format. Callers appear as keyed hashes "
        "(caller_id) and masked names and phones."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", type=Path, help="File to write (.csv or .xlsx); default stdout"
        )
        parser.add_argument(
            "--from",
            dest="start",
            type=dt.date.fromisoformat,
            help="Received on or after this day (YYYY-MM-DD)",
        )
        parser.add_argument(
            "--to",
            dest="end",
            type=dt.date.fromisoformat,
            help="Received on or before this day (YYYY-MM-DD)",
        )
        parser.add_argument("--district", help="District code or name")
        parser.add_argument("--category", help="Category code (covers its sub-categories)")
        parser.add_argument("--unit", help="Lead unit code")
        parser.add_argument("--status", action="append", help="Status (repeatable)")
        parser.add_argument("--chinese-headers", action="store_true")
        parser.add_argument(
            "--extra-column",
            action="append",
            default=[],
            help="An extra column kept from imports, to include (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            cases = filtered_cases(
                start=options["start"],
                end=options["end"],
                district=options["district"],
                category=options["category"],
                unit=options["unit"],
                statuses=options["status"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        out: Path | None = options["out"]
        xlsx = bool(out and out.suffix.lower() == ".xlsx")
        target = out if out else sys.stdout
        writer = CaseWriter(
            target,
            xlsx=xlsx,
            chinese_headers=options["chinese_headers"],
            extra_columns=options["extra_column"],
        )
        with writer:
            count = write_cases(
                writer, self.progress(case_records(cases), description=_("Exporting"))
            )
        if out:
            self.stdout.write(
                _("%(count)d cases written to %(path)s") % {"count": count, "path": out}
            )
