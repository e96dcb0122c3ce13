"""Serve the platform with gunicorn, and run the background-job worker beside it, supervised."""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import CommandParser
from gunicorn.app.base import BaseApplication

from minsheng import dbserver
from minsheng.core.commands import MinshengCommand
from minsheng.web import supervision


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


class Command(MinshengCommand):
    help = (
        "Serve the platform at http://HOST:PORT (default 127.0.0.1:8000) until interrupted. "
        "The embedded database (when used), the web server and the job worker are watched and "
        "started again if they stop."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="Processes.")
        parser.add_argument("--threads", type=int, default=4, help="Threads per process.")
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the background-job worker."
        )
        parser.add_argument(
            "--web-only",
            action="store_true",
            help="Run only gunicorn in this process, unsupervised (what the supervisor starts).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["web_only"]:
            _Gunicorn(gunicorn_options(options)).run()
            return
        logging.getLogger("minsheng.supervision").setLevel(logging.INFO)
        supervisor = supervision.Supervisor(parts(options))
        supervision.install_signal_handlers(supervisor)
        self.stdout.write(f"Minsheng: http://{options['host']}:{options['port']}/  (Ctrl+C stops)")
        self.stdout.flush()
        supervisor.start_all()
        supervisor.run()


def parts(options: dict[str, Any]) -> list[supervision.Part]:
    """What ``serve`` watches, the database first."""
    found: list[supervision.Part] = []
    if dbserver.is_embedded():
        found.append(supervision.EmbeddedDatabase())
    web_args = ["serve", "--web-only", "--host", options["host"], "--port", str(options["port"])]
    web_args += ["--workers", str(options["workers"]), "--threads", str(options["threads"])]
    found.append(supervision.ChildProcess("web", supervision.minsheng_command(*web_args)))
    if not options["no_worker"]:
        found.append(supervision.ChildProcess("worker", supervision.minsheng_command("worker")))
    return found


def gunicorn_options(options: dict[str, Any]) -> dict[str, Any]:
    return {
        "bind": f"{options['host']}:{options['port']}",
        "workers": options["workers"],
        "threads": options["threads"],
        "worker_class": "gthread",
        "accesslog": "-",
        "timeout": 120,
        "forwarded_allow_ips": "127.0.0.1",
    }
