from typing import Any

from django.core.management.base import CommandParser

from minsheng.core.commands import MinshengCommand
from minsheng.jobs.schedule import run_due


class Command(MinshengCommand):
    help = "Run the periodic work that is due (for cron; `minsheng worker` does it by itself)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run everything now.")

    def handle(self, *args: Any, **options: Any) -> None:
        for name in run_due(force=options["force"]):
            self.stdout.write(name)
