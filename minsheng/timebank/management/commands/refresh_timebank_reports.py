"""``minsheng refresh-timebank-reports``: rebuild the report tables (safe to run any time)."""

from __future__ import annotations

from typing import Any

from minsheng.core.commands import MinshengCommand
from minsheng.timebank import reporting


class Command(MinshengCommand):
    help = "Rebuild the Time Bank's pre-aggregated report tables from the ledger and orders."

    def handle(self, *args: Any, **options: Any) -> None:
        with self.progress_bar(total=5, description="reports", unit="steps") as bar:
            seconds = reporting.refresh(lambda done, total: bar.update(1))
        self.stdout.write(f"Report tables refreshed in {seconds:.1f} s.")
