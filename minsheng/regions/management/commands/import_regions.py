from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from minsheng.core.commands import MinshengCommand
from minsheng.regions.importing import RegionFileError, import_regions, read_csv


class Command(MinshengCommand):
    help = "Load an official division list (CSV: code,name,name_en,level,parent_code)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="UTF-8 CSV file.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Apply the valid rows even if some rows are rejected.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            rows = list(self.progress(read_csv(path), description=_("Reading")))
            result = import_regions(rows, skip_invalid=options["skip_invalid"], source=str(path))
        except RegionFileError as error:
            raise CommandError(str(error)) from error
        for rejected in result.rejected:
            self.stderr.write(
                _("Line %(line)s (%(code)s): %(reason)s")
                % {"line": rejected.line, "code": rejected.code or "-", "reason": rejected.reason}
            )
        summary = _(
            "Created %(created)s, updated %(updated)s, unchanged %(unchanged)s, rejected %(rejected)s."
        ) % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": len(result.rejected),
        }
        if not result.applied:
            raise CommandError(
                summary + " " + _("Nothing was changed: correct the file, or use --skip-invalid.")
            )
        self.stdout.write(summary)
