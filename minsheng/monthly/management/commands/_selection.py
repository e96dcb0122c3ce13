"""What ``select-issues`` and ``find-hot-issues`` share: where cases come from, progress, output."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.cases.casefile import CaseFileError
from minsheng.cases.partitions import CaseFile
from minsheng.core.commands import MinshengCommand
from minsheng.monthly.models import SelectionRun
from minsheng.monthly.selection import actions, output
from minsheng.monthly.selection.engine import Selection
from minsheng.people.models import User


class SelectionCommand(MinshengCommand):
    def add_common_arguments(self, parser: CommandParser, *, top: int) -> None:
        parser.add_argument(
            "--input", help="A case file (CSV or XLSX, the import format); default: the database."
        )
        parser.add_argument("--top", type=int, default=top, help=f"How many (default {top}).")
        parser.add_argument(
            "--format",
            choices=output.FORMATS,
            help="Output format (default: from --out, else json).",
        )
        parser.add_argument("--out", help="Output file (default: standard output).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")

    def records(
        self, options: dict[str, Any], start: dt.datetime, end: dt.datetime
    ) -> Iterable[object]:
        if options["input"]:
            path = Path(options["input"])
            if not path.is_file():
                raise CommandError(_("There is no file %(path)s.") % {"path": path})
            return CaseFile(path)  # its rows are parsed on the workers when on Dask
        return database_records(start, end)

    def run(self, options: dict[str, Any], select: Any, **kwargs: Any) -> Selection:
        if options["top"] < 1:
            raise CommandError(_("--top must be at least 1."))
        fmt = self.output_format(options)
        bars: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int | None) -> None:
            bar = bars.get(stage)
            if bar is None:
                for other in bars.values():
                    other.close()
                descriptions = {
                    "read": _("Reading cases"),
                    "cluster": _("Finding problems"),
                    "describe": _("Gathering evidence"),
                }
                bar = bars[stage] = self.progress_bar(
                    total=total,
                    description=descriptions.get(stage, stage),
                    unit=""
                    if stage == "cluster"
                    else _("cases")
                    if stage == "read"
                    else _("candidates"),
                )
            bar.update(done - bar.n)

        try:
            selection = select(
                progress=progress, top=options["top"], seed=options["seed"], **kwargs
            )
        except CaseFileError as error:
            raise CommandError(str(error)) from error
        finally:
            for bar in bars.values():
                bar.close()
        self.write_output(selection, fmt, options["out"])
        return selection

    def saving_user(self, username: str | None) -> User | None:
        """The user a run is stored for (``--save-as``), checked before the long analysis."""
        if not username:
            return None
        actor = User.objects.filter(username=username).first()
        if actor is None:
            raise CommandError(_("There is no user %(name)s.") % {"name": username})
        if not access.can(actor, "monthly.run_selection"):
            raise CommandError(
                _("%(name)s may not run the selection, so the run cannot be stored for them.")
                % {"name": username}
            )
        return actor

    def save_run(
        self,
        actor: User,
        options: dict[str, Any],
        selection: Selection,
        start: dt.date,
        end: dt.date,
    ) -> SelectionRun:
        """The run stored as the web stores its runs (the last day of ``end`` excluded)."""
        return actions.record_selection(
            actor=actor,
            mode=SelectionRun.Mode.YEAR,
            source_name=Path(options["input"]).name if options["input"] else "",
            start=start,
            end=end - dt.timedelta(days=1),
            top=options["top"],
            seed=options["seed"],
            candidates=selection.candidates,
            summary=selection.summary,
        )

    def output_format(self, options: dict[str, Any]) -> str:
        fmt = options["format"]
        if fmt is None and options["out"]:
            suffix = Path(options["out"]).suffix.lower().lstrip(".")
            fmt = (
                {"htm": "html"}.get(suffix, suffix) if suffix in {*output.FORMATS, "htm"} else None
            )
        fmt = fmt or "json"
        if fmt == "xlsx" and not options["out"]:
            raise CommandError(_("XLSX output needs --out FILE."))
        return fmt

    def write_output(self, selection: Selection, fmt: str, out: str | None) -> None:
        if out:
            path = Path(out)
            path.parent.mkdir(parents=True, exist_ok=True)
            output.write(selection, fmt, path)
            summary = selection.summary
            self.stderr.write(
                _("%(cases)s cases read, %(found)s candidates written to %(path)s.")
                % {"cases": summary["cases"], "found": len(selection.candidates), "path": path}
            )
        else:
            output.write(selection, fmt, sys.stdout)


def database_records(start: dt.datetime, end: dt.datetime) -> Iterable[object]:
    """The cases of [start, end) from the hotline's database tables, streamed."""
    try:
        from minsheng.hotline.models import Case
        from minsheng.hotline.records import case_records
    except ImportError:
        raise CommandError(
            _("This installation cannot read cases from the database yet; give --input FILE.")
        ) from None
    return case_records(Case.objects.filter(received_at__gte=start, received_at__lt=end))


def all_database_records() -> Iterable[object]:
    """Every case in the database, streamed (for training the classifier)."""
    try:
        from minsheng.hotline.models import Case
        from minsheng.hotline.records import case_records
    except ImportError:
        raise CommandError(
            _("This installation cannot read cases from the database yet; give --input FILE.")
        ) from None
    return case_records(Case.objects.all())
