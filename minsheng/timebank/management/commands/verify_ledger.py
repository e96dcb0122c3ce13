"""``minsheng verify-ledger F``: check an export offline (no database is read)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from minsheng.audit.chain import export, signing
from minsheng.core.commands import MinshengCommand


class Command(MinshengCommand):
    help = (
        "Verify a ledger export offline: its signature and every link of its hash chains; "
        "report each deleted, altered or inserted row with its position."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="An export written by export-ledger.")
        parser.add_argument(
            "--public-key", help="The signer's published public key (base64); else any key."
        )
        parser.add_argument(
            "--checkpoints", type=Path, help="Published checkpoints (JSON Lines) to compare."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            published = (
                export.published_checkpoints(options["checkpoints"])
                if options["checkpoints"]
                else None
            )
            report = export.verify_file(options["file"], published)
        except (OSError, export.ExportError, KeyError, ValueError) as error:
            raise CommandError(
                _("The export could not be read: %(error)s") % {"error": error}
            ) from error
        self.stdout.write(
            _("Signed by the key with fingerprint %(fingerprint)s on %(created)s.")
            % {"fingerprint": report.fingerprint, "created": report.created_at}
        )
        problems = [finding.message for finding in report.findings]
        if not report.signed:
            problems.insert(0, _("The signature does not match the file: it was changed."))
        pinned = options["public_key"]
        if pinned and pinned.strip() != report.public_key:
            problems.insert(
                0,
                _("The file is signed with another key (fingerprint %(found)s, not %(wanted)s).")
                % {"found": report.fingerprint, "wanted": signing.fingerprint(pinned.strip())},
            )
        for chain, links in sorted(report.links.items()):
            self.stdout.write(_("%(chain)s: %(links)s links") % {"chain": chain, "links": links})
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(
                _("The export shows %(count)s problem(s).") % {"count": len(problems)}
            )
        self.stdout.write(self.style.SUCCESS(_("The export is intact.")))
