"""``minsheng prepare-timebank``: the reference data the Time Bank needs (after import-regions)."""

from __future__ import annotations

from typing import Any

from minsheng.core.commands import MinshengCommand
from minsheng.timebank.catalogue import ensure_reference_data


class Command(MinshengCommand):
    help = "Create the Time Bank's categories, grant rules and base service items if missing."

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_reference_data()
        self.stdout.write("The Time Bank's reference data is in place.")
