from typing import Any

from minsheng.core.commands import MinshengCommand
from minsheng.jobs import runner


class Command(MinshengCommand):
    help = "Run background jobs (analyses, imports) as they are queued; stop with Ctrl+C."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            count = runner.run_pending()
            self.stdout.write(f"{count}")
            return
        try:
            runner.work_forever()
        except KeyboardInterrupt:
            return
