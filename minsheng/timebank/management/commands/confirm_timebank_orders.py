"""``minsheng confirm-timebank-orders``: confirm orders left unconfirmed for too long.

Run it daily (cron or a scheduler); it is safe to run twice or on several machines at once.
"""

from __future__ import annotations

from typing import Any

from minsheng.audit.context import ActingContext, acting
from minsheng.core.commands import MinshengCommand
from minsheng.timebank.actions.settlement import auto_confirm_due


class Command(MinshengCommand):
    help = "Confirm and pay Time Bank orders signed out longer ago than the policy allows."

    def handle(self, *args: Any, **options: Any) -> None:
        with acting(ActingContext(channel="command")):
            confirmed = auto_confirm_due()
        self.stdout.write(f"{len(confirmed)} order(s) confirmed automatically.")
