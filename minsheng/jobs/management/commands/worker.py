import signal
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
        # SIGTERM (from ``minsheng serve`` or systemd) stops like Ctrl+C: the job in hand is
        # queued again at once instead of waiting for its lease to run out.
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            runner.work_forever()
        except KeyboardInterrupt:
            return


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
