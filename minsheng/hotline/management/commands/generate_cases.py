"""``minsheng generate-cases``: synthetic 12345 cases in the case file format."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from minsheng.cases.casefile import BEIJING
from minsheng.core.commands import MinshengCommand
from minsheng.hotline.synthetic import PLANTED, GenerationSpec, write_cases


def _planted_help() -> str:
    lines = []
    for problem in PLANTED:
        lines.append(f"  {problem.key} [{problem.role}] {problem.label} ({problem.label_en})")
        lines += textwrap.wrap(
            problem.description, 92, initial_indent="      ", subsequent_indent="      "
        )
    return "\n".join(lines)


class Command(MinshengCommand):
    help = (
        "Write synthetic but believable Beijing 12345 cases (CSV or XLSX, the import format).\n\n"
        "A year (--year) or a date window (--from/--to): a window is an export at the end of\n"
        "--to (or at the time given there), so its newest cases are still open by age (no unit\n"
        "yet, dispatched, responded, handled awaiting the call-back). Deterministic for a seed.\n"
        "Phrasing varies by category and channel; seasons (heating in winter, drains in the\n"
        "July rains, wages before the Spring Festival), hot spots, repeat callers and addresses,\n"
        "about 60% consultations; about one row in six carries its place only in the text.\n\n"
        "Planted problems (never marked in the data):\n" + _planted_help()
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        from argparse import RawDescriptionHelpFormatter

        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument("--year", type=int, help="Generate the whole calendar year.")
        when.add_argument("--from", dest="start", help="First day of a window (YYYY-MM-DD).")
        parser.add_argument(
            "--to", dest="end", help="Last day of the window (YYYY-MM-DD) or the export time."
        )
        parser.add_argument("--count", type=int, default=10_000, help="Number of cases.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--out", required=True, help="Output file (.csv or .xlsx).")
        parser.add_argument(
            "--format", choices=["csv", "xlsx"], help="Output format (default: from --out)."
        )
        parser.add_argument(
            "--number-prefix", default="", help="Prefix for case numbers (keeps batches apart)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        spec = self._spec(options)
        out = Path(options["out"])
        xlsx = (options["format"] or out.suffix.lower().lstrip(".")) == "xlsx"
        if xlsx and spec.count > 1_048_575:
            raise CommandError("An XLSX sheet holds at most 1,048,575 rows: use CSV.")
        out.parent.mkdir(parents=True, exist_ok=True)
        with self.progress_bar(total=spec.count, description="generate-cases", unit="cases") as bar:
            truth = write_cases(spec, out, xlsx=xlsx, on_case=lambda: bar.update(1))
        planted = sum(len(numbers) for numbers in truth.values())
        self.stdout.write(
            f"Wrote {spec.count} cases ({spec.start} to {spec.end}, seed {spec.seed}) to {out}; "
            f"{planted} belong to planted problems or decoys."
        )

    def _spec(self, options: dict[str, Any]) -> GenerationSpec:
        count, seed = options["count"], options["seed"]
        if count < 0:
            raise CommandError("--count must not be negative.")
        if options["year"] is not None:
            if options["end"]:
                raise CommandError("--to goes with --from, not with --year.")
            spec = GenerationSpec.year(options["year"], count, seed)
        else:
            if not options["end"]:
                raise CommandError("--from needs --to.")
            start = _date(options["start"], "--from")
            end = _date_or_time(options["end"])
            spec = GenerationSpec.window(start, end, count, seed)
            if spec.end < start:
                raise CommandError("--to must not be before --from.")
        return GenerationSpec(
            spec.start, spec.end, spec.count, spec.seed, spec.as_of, options["number_prefix"]
        )


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option} takes a date such as 2026-10-15, not {text!r}.") from None


def _date_or_time(text: str) -> dt.date | dt.datetime:
    if len(text) <= 10:
        return _date(text, "--to")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--to takes a date or a date and time, not {text!r}.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=BEIJING)
