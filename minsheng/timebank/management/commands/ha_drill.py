"""``minsheng ha-drill``: kill a primary under ledger load, promote its synchronous standby, and
check that no acknowledged posting was lost and none was posted twice (``timebank.failover``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from minsheng import dbserver
from minsheng.core.commands import MinshengCommand
from minsheng.core.database.routing import SYNCHRONOUS_COMMIT_LEVELS
from minsheng.timebank import failover


class Command(MinshengCommand):
    help = (
        "Failover drill: a primary and a synchronous standby from the embedded server, ledger "
        "load, the primary killed, the standby promoted, then the ledger checked."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workdir",
            type=Path,
            default=dbserver.PROJECT_ROOT / "var" / "ha-drill",
            help="Scratch directory for the two servers (emptied first, removed after).",
        )
        parser.add_argument("--clients", type=int, default=4, help="Concurrent load clients.")
        parser.add_argument(
            "--kill-after",
            type=int,
            default=200,
            help="Acknowledged donations before the primary is killed.",
        )
        parser.add_argument(
            "--synchronous-commit",
            default="remote_apply",
            choices=[level for level in SYNCHRONOUS_COMMIT_LEVELS if level],
            help="synchronous_commit of the ledger's transactions during the drill.",
        )
        parser.add_argument("--keep", action="store_true", help="Keep the scratch directory.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clients"] < 1 or options["kill_after"] < 1:
            raise CommandError(_("--clients and --kill-after must be at least 1."))
        plan = failover.Plan(
            workdir=options["workdir"],
            clients=options["clients"],
            kill_after=options["kill_after"],
            synchronous_commit=options["synchronous_commit"],
            keep=options["keep"],
        )
        result = failover.run(plan, self.stdout.write, self.progress_bar)
        for line in result.summary():
            self.stdout.write(line)
        if not result.ledger_consistent:
            self.stderr.write(result.ledger_report)
        if not result.passed:
            raise CommandError(_("The failover drill failed: see the summary above."))
        self.stdout.write(
            self.style.SUCCESS(_("Failover drill passed: nothing lost, nothing posted twice."))
        )
