"""Fail when a user-facing string has no Chinese translation.

The catalogues are regenerated with ``makemessages`` in a scratch copy of the source, so the check
sees strings that were added to the code but never extracted, and never touches the real files.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test.utils import override_settings

from minsheng.core.commands import MinshengCommand

CHECKED_LOCALE = "zh_Hans"
IGNORED = ["node_modules", ".venv", "var", "tests", "bench", "migrations"]


def untranslated(po_path: Path) -> list[str]:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if message.fuzzy or not all(strings):
            text = message.id[0] if isinstance(message.id, tuple | list) else message.id
            missing.append(text)
    return missing


class Command(MinshengCommand):
    help = "Check that every translatable string has a zh_Hans translation."

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(settings.BASE_DIR) / "minsheng"
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "minsheng"
            shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
            problems = self._check_copy(copy)
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(f"{len(problems)} string(s) lack a {CHECKED_LOCALE} translation.")
        self.stdout.write(f"Every string has a {CHECKED_LOCALE} translation.")

    def _check_copy(self, copy: Path) -> list[str]:
        import os

        previous = Path.cwd()
        os.chdir(copy.parent)
        try:
            with override_settings(LOCALE_PATHS=[copy / "locale"]):
                call_command(
                    "makemessages", locale=[CHECKED_LOCALE], ignore_patterns=IGNORED, verbosity=0
                )
        finally:
            os.chdir(previous)
        problems = []
        for po_path in sorted(copy.glob(f"**/locale/{CHECKED_LOCALE}/LC_MESSAGES/django.po")):
            relative = po_path.relative_to(copy.parent)
            problems += [f"{relative}: {text!r}" for text in untranslated(po_path)]
        return problems
