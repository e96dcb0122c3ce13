"""``minsheng rotate-encryption-key``: personal data encrypted again with the newest key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from minsheng.audit.context import ActingContext, acting
from minsheng.core import keyrotation
from minsheng.core.commands import MinshengCommand


class Command(MinshengCommand):
    help = (
        "After putting a new key first in MINSHENG_ENCRYPTION_KEY, encrypt every stored ID "
        "number, phone, name and address again with it (batch by batch, safe to interrupt and "
        "run again). When it reports nothing encrypted again, the old keys can be removed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=keyrotation.BATCH_SIZE, help="Rows per transaction."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError(_("The batch size must be at least 1."))
        with (
            acting(ActingContext(channel="command")),
            self.progress_bar(description=_("Encrypted values"), unit="rows") as bar,
        ):
            results = keyrotation.rotate_all(
                batch_size=options["batch_size"], on_batch=lambda table, rows: bar.update(rows)
            )
        for result in results:
            self.stdout.write(
                _("%(table)s: %(values)d values, %(reencrypted)d encrypted again")
                % {
                    "table": result.label,
                    "values": result.values,
                    "reencrypted": result.reencrypted,
                }
            )
        if not any(result.reencrypted for result in results):
            self.stdout.write(_("Everything is under the newest key: older keys may be removed."))
