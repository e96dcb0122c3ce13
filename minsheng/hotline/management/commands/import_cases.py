"""``minsheng import-cases FILE``: load a CSV or XLSX case file (docs/case-format.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from minsheng.cases.casefile import CaseFileError
from minsheng.core.commands import MinshengCommand
from minsheng.hotline.importing import (
    BATCH_SIZE,
    estimate_rows,
    import_cases,
    summary_lines,
    write_reports,
)


class Command(MinshengCommand):
    help = (
        "Import cases from a CSV or XLSX file. A case number already present is updated; "
        "every row is counted as imported, updated or rejected, and rejected rows are written "
        "to FILE.rejected.csv next to FILE.summary.txt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--report-dir",
            type=Path,
            default=None,
            help="Where to write the summary and the rejected rows (default: next to the file).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        with self.progress_bar(total=estimate_rows(path), description=_("Importing")) as bar:
            try:
                summary = import_cases(
                    path, batch_size=options["batch_size"], on_progress=bar.update
                )
            except CaseFileError as error:
                raise CommandError(str(error)) from error
        summary_path, rejected_path = write_reports(summary, options["report_dir"])
        for line in summary_lines(summary):
            self.stdout.write(line)
        self.stdout.write(_("Summary: %(path)s") % {"path": summary_path})
        if summary.rejected:
            self.stdout.write(_("Rejected rows: %(path)s") % {"path": rejected_path})
