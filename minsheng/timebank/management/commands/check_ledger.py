"""``minsheng check-ledger``: exits non-zero, naming each discrepancy, if the ledger is off."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from minsheng.core.commands import MinshengCommand
from minsheng.timebank.ledger import check


class Command(MinshengCommand):
    help = "Recompute every Time Bank balance from the ledger legs and check every invariant."

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
            problems += found
        if problems:
            for problem in problems:
                self.stderr.write(f"[{problem.check}] {problem.message}")
            raise CommandError(f"The ledger has {len(problems)} discrepancy(ies).")
        self.stdout.write(self.style.SUCCESS("The ledger is consistent."))
