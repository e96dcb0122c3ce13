"""``minsheng check-ledger``: exits non-zero, naming each discrepancy, if the ledger is off, or if
a hash chain (ledger or audit log) shows a row deleted, altered or inserted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from minsheng.audit.chain import database as chains
from minsheng.audit.chain.export import ExportError, published_checkpoints
from minsheng.core.commands import MinshengCommand
from minsheng.timebank.ledger import check


class Command(MinshengCommand):
    help = (
        "Recompute every Time Bank balance from the ledger legs, check every invariant, and "
        "follow the hash chains of the ledger and the audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoints",
            type=Path,
            help="Published checkpoints (JSON Lines) that the chains must still match.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = check.summary()
        self.stdout.write(
            f"accounts={summary.accounts} transactions={summary.transactions} legs={summary.legs} "
            f"issued={summary.issued} in_circulation={summary.in_circulation} (minutes)"
        )
        problems = []
        for name, run in self.progress(
            check.CHECKS.items(), total=len(check.CHECKS), description="check-ledger", unit="checks"
        ):
            found = run()
            status = "ok" if not found else f"{len(found)} problem(s)"
            self.stdout.write(f"  {name:<15} {status}")
            problems += [f"[{problem.check}] {problem.message}" for problem in found]
        problems += self._chains(options["checkpoints"])
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"The ledger has {len(problems)} discrepancy(ies).")
        self.stdout.write(self.style.SUCCESS("The ledger is consistent."))

    def _chains(self, checkpoints: Path | None) -> list[str]:
        try:
            published = published_checkpoints(checkpoints) if checkpoints else {}
        except (OSError, ExportError, KeyError, ValueError) as error:
            raise CommandError(
                _("The checkpoints could not be read: %(error)s") % {"error": error}
            ) from error
        problems = []
        for result in chains.verify_all(published):
            status = "ok" if not result.findings else f"{len(result.findings)} problem(s)"
            self.stdout.write(f"  {'chain ' + result.chain:<15} {status} ({result.links} links)")
            problems += [f"[chain:{f.kind}] {f.message}" for f in result.findings]
        return problems
