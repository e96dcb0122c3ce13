"""Compile every .po file to .mo with Babel, so that no GNU gettext install is needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings

from minsheng.core.commands import MinshengCommand


def po_files() -> list[Path]:
    root = Path(settings.BASE_DIR) / "minsheng"
    return sorted(root.glob("**/locale/*/LC_MESSAGES/*.po"))


class Command(MinshengCommand):
    help = "Compile the translations (.po to .mo); only files that changed are rewritten."

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for po_path in po_files():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as source:
                catalog = read_po(source)
            with mo_path.open("wb") as target:
                write_mo(target, catalog, use_fuzzy=False)
            compiled += 1
        self.stdout.write(f"{compiled} translation file(s) compiled.")
