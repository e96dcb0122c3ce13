"""``minsheng export-ledger --out F``: the ledger's and the audit log's hash chains, signed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from minsheng.audit.chain import export, signing
from minsheng.core.commands import MinshengCommand


class Command(MinshengCommand):
    help = (
        "Write a signed, self-contained export of the hash chains of the ledger and the audit "
        "log, which anyone can check offline with verify-ledger."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True, help="The file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["out"]
        partial = target.with_name(target.name + ".part")
        try:
            with partial.open("wb") as out:
                summary = export.write(out)
            partial.replace(target)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(
                _("The export could not be written: %(error)s") % {"error": error}
            ) from error
        for chain, links in sorted(summary.links.items()):
            self.stdout.write(_("%(chain)s: %(links)s links") % {"chain": chain, "links": links})
        self.stdout.write(
            _("Signed with the public key %(key)s (fingerprint %(fingerprint)s).")
            % {"key": summary.public_key, "fingerprint": signing.fingerprint(summary.public_key)}
        )
        self.stdout.write(self.style.SUCCESS(_("Written to %(path)s.") % {"path": target}))
