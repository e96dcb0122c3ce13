"""Serve the platform with gunicorn, and run the background-job worker beside it."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.core.management.base import CommandParser
from gunicorn.app.base import BaseApplication

from minsheng.core.commands import MinshengCommand


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from minsheng.wsgi import application

        return application


def start_worker() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", "from minsheng.cli import main; main(['minsheng', 'worker'])"]
    )


class Command(MinshengCommand):
    help = "Serve the platform at http://HOST:PORT (default 127.0.0.1:8000) until interrupted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="Processes.")
        parser.add_argument("--threads", type=int, default=4, help="Threads per process.")
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the background-job worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = None if options["no_worker"] else start_worker()
        self.stdout.write(f"Minsheng: http://{options['host']}:{options['port']}/  (Ctrl+C stops)")
        try:
            _Gunicorn(
                {
                    "bind": f"{options['host']}:{options['port']}",
                    "workers": options["workers"],
                    "threads": options["threads"],
                    "worker_class": "gthread",
                    "accesslog": "-",
                    "timeout": 120,
                    "forwarded_allow_ips": "127.0.0.1",
                }
            ).run()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
