"""Fail when a user-facing string has no Chinese translation, when Chinese is left in the English
catalogue, or when an audit action would be shown by its code.

The catalogues are regenerated with ``makemessages`` in a scratch copy of the source, so the check
sees strings that were added to the code but never extracted, and never touches the real files.
"""

from __future__ import annotations

import re
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
ENGLISH_LOCALE = "en"
IGNORED = ["node_modules", ".venv", "var", "tests", "bench", "migrations"]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
ON_PURPOSE = "Chinese on purpose"
# ``record(action="timebank.post_order", ...)``: the codes written to the audit log.
AUDIT_ACTION = re.compile(r"""\baction=["']([a-z_]+\.[a-z_]+)["']""")


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


def chinese_in_english(po_path: Path) -> list[str]:
    """Messages an English page would show with Chinese in them: a Chinese msgstr, or a source
    string with Chinese in it (shown as it is, since English strings are the source). A message
    whose translator comment says "Chinese on purpose" (a file's Chinese column names) is left."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple | list) else [message.id]
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if any(ON_PURPOSE in comment for comment in message.auto_comments):
            continue
        if any(CJK.search(text or "") for text in (*ids, *strings)):
            found.append(ids[0])
    return found


def unlabelled_audit_actions(source: Path) -> list[str]:
    """Audit action codes written by the code that have no label for the audit log."""
    from minsheng.audit.labels import is_registered

    found = []
    for path in sorted(source.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for code in AUDIT_ACTION.findall(path.read_text(encoding="utf-8")):
            if not is_registered(code):
                found.append(f"{path.relative_to(source.parent)}: {code!r}")
    return found


class Command(MinshengCommand):
    help = (
        "Check that every translatable string has a zh_Hans translation, that no English string "
        "carries Chinese, and that every audit action has a label."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(settings.BASE_DIR) / "minsheng"
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "minsheng"
            shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
            problems = self._check_copy(copy)
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(f"{len(problems)} translation problem(s).")
        self.stdout.write(
            f"Every string has a {CHECKED_LOCALE} translation, English strings carry no Chinese, "
            "and every audit action has a label."
        )

    def _check_copy(self, copy: Path) -> list[str]:
        import os

        previous = Path.cwd()
        os.chdir(copy.parent)
        try:
            with override_settings(LOCALE_PATHS=[copy / "locale"]):
                call_command(
                    "makemessages",
                    locale=[CHECKED_LOCALE, ENGLISH_LOCALE],
                    ignore_patterns=IGNORED,
                    verbosity=0,
                )
        finally:
            os.chdir(previous)
        problems = []
        for po_path in sorted(copy.glob(f"**/locale/{CHECKED_LOCALE}/LC_MESSAGES/django.po")):
            relative = po_path.relative_to(copy.parent)
            problems += [f"{relative}: {text!r}" for text in untranslated(po_path)]
        for po_path in sorted(copy.glob(f"**/locale/{ENGLISH_LOCALE}/LC_MESSAGES/django.po")):
            relative = po_path.relative_to(copy.parent)
            problems += [
                f"{relative}: Chinese in an English string: {text!r}"
                for text in chinese_in_english(po_path)
            ]
        problems += [
            f"{where} has no label for the audit log (add it to the module's audit_labels.py)"
            for where in unlabelled_audit_actions(copy)
        ]
        return problems
