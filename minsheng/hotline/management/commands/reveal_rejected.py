"""``minsheng reveal-rejected FILE.rejected.csv``: a readable copy of an import's rejected rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from minsheng.audit.actions import record
from minsheng.core.commands import MinshengCommand
from minsheng.hotline.importing.personal import reveal_file


class Command(MinshengCommand):
    help = (
        "Write a copy of an import's rejected rows with their encrypted personal cells (caller, "
        "phone, ID number) in clear, to correct them and import them again. Each use is "
        "recorded in the audit log; delete the copy once imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--out", type=Path, default=None, help="The copy (default: FILE with .clear.csv)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        if not source.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": source})
        target: Path = options["out"] or source.with_suffix(".clear.csv")
        if target.resolve() == source.resolve():
            raise CommandError(_("Write the copy to another file."))
        try:
            revealed = reveal_file(source, target)
        except ValueError as error:  # a cell sealed with a key this platform no longer has
            target.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        with transaction.atomic():
            record(
                action="hotline.reveal_rejected_rows",
                target=None,
                actor=None,
                after={"file": source.name, "copy": target.name, "cells": revealed},
            )
        self.stdout.write(
            _("%(count)d personal cells written in clear to %(path)s: delete it once imported.")
            % {"count": revealed, "path": target}
        )
