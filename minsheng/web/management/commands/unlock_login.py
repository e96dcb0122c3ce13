from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from minsheng.audit.context import ActingContext, acting
from minsheng.core.commands import MinshengCommand
from minsheng.web import lockout


class Command(MinshengCommand):
    help = (
        "Unlock log-in for a login name and/or an address after too many wrong passwords "
        "(audited). Without arguments, list the paused log-ins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="", help="Login name to unlock.")
        parser.add_argument("--address", default="", help="IP address to unlock.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (options["username"] or options["address"]):
            self._list()
            return
        with acting(ActingContext(channel="command")):
            try:
                cleared = lockout.unlock(
                    actor=None, username=options["username"], address=options["address"]
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(_("Unlocked: %(count)d failed attempts forgotten.") % {"count": cleared})

    def _list(self) -> None:
        lockouts = lockout.current_lockouts()
        if not lockouts:
            self.stdout.write(_("No log-in is paused."))
        for item in lockouts:
            self.stdout.write(
                f"{item.username or '-'}\t{item.address or '-'}\t{item.failures}\t"
                f"{item.last_attempt:%Y-%m-%d %H:%M}"
            )
