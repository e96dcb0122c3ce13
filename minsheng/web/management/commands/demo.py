"""Everything a new user needs to see the platform: database, translations, demo data, server."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser

from minsheng.core.commands import MinshengCommand
from minsheng.core.modules import demo_loaders
from minsheng.people.demo import logins


class Command(MinshengCommand):
    help = "Migrate, load the demo data (idempotently), print the demo logins and serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Prepare only; do not serve.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("1/4 Database schema")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("2/4 Translations")
        call_command("compile_translations", verbosity=0)
        loaders = demo_loaders()
        for number, loader in enumerate(loaders, start=1):
            self.stdout.write(f"3/4 Demo data ({number}/{len(loaders)}): {loader.name}")
            loader.load()
        self.stdout.write("4/4 Ready. Demo accounts (login name / password):")
        for username, password, description in logins():
            self.stdout.write(f"    {username:<18} {password}   {description}")
        if not options["no_serve"]:
            self._serve(options)

    def _serve(self, options: dict[str, Any]) -> None:
        # A fresh process: this one cached the translation catalogues before they were compiled,
        # and holds the memory of the demo data it generated.
        command = [
            sys.executable,
            "-c",
            "from minsheng.cli import main; main()",
            "serve",
            "--host",
            options["host"],
            "--port",
            str(options["port"]),
        ]
        with contextlib.suppress(KeyboardInterrupt):
            subprocess.run(command, check=False)
