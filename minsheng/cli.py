"""The ``minsheng`` command: every Django management command plus the project's own.

Operators type ``minsheng migrate`` or ``minsheng import-regions FILE``; they never need
``manage.py``. Project commands are shown with hyphens and accept either spelling. They are named
verb-noun (``import-cases``, ``check-ledger``); the names they had before keep working (``ALIASES``).
"""

from __future__ import annotations

import os
import sys

# Former names -> current names, so that scripts and cron lines written for them keep working.
ALIASES = {
    "ledger-check": "check-ledger",
    "ledger-export": "export-ledger",
    "ledger-verify": "verify-ledger",
    "timebank-auto-confirm": "confirm-timebank-orders",
    "timebank-refresh-reports": "refresh-timebank-reports",
    "timebank-setup": "prepare-timebank",
    "hot-issues": "find-hot-issues",
}


def command_name(typed: str) -> str:
    """The Django name of a command typed with hyphens or underscores, or by a former name."""
    hyphenated = typed.replace("_", "-")
    return ALIASES.get(hyphenated, hyphenated).replace("-", "_")


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "minsheng"
    if len(argv) == 1 or argv[1] in {"-h", "--help", "help"} and len(argv) <= 2:
        print_help()
        return
    argv[1] = command_name(argv[1])

    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    if argv[1] == "serve":
        # The embedded server belongs to the process that serves: started before the web workers
        # fork, it lives as long as they do. Other commands start it on their first query.
        from minsheng import dbserver

        if dbserver.is_embedded():
            dbserver.ensure_running()
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        # A configuration mistake deserves a sentence, not a traceback.
        sys.stderr.write(f"minsheng: configuration error: {error}\n")
        sys.exit(2)


def _first_sentence(text: str, width: int = 88) -> str:
    sentence = text.split(". ")[0].rstrip(".") + "."
    return sentence if len(sentence) <= width else sentence[: width - 1] + "…"


def print_help() -> None:
    import django
    from django.core.management import get_commands, load_command_class

    try:
        django.setup()
    except Exception as error:  # the help must say what is wrong instead of crashing
        sys.stderr.write(f"minsheng: configuration error: {error}\n")
        sys.exit(2)
    own: list[tuple[str, str]] = []
    django_names: list[str] = []
    for name, app in sorted(get_commands().items()):
        if app.startswith("minsheng"):
            help_text = " ".join(load_command_class(app, name).help.split())
            own.append((name.replace("_", "-"), _first_sentence(help_text)))
        else:
            django_names.append(name)
    print("Usage: minsheng <command> [options]   (minsheng <command> --help for details)\n")
    print("Minsheng commands:")
    width = max(len(name) for name, _ in own)
    for name, help_line in own:
        print(f"  {name.ljust(width)}  {help_line}")
    print("\nFormer names, still accepted:")
    print("  " + ", ".join(f"{old} ({new})" for old, new in ALIASES.items()))
    print("\nDjango commands (passed through):")
    print("  " + ", ".join(django_names))
