"""The ``minsheng`` command: one naming pattern, with the former names still accepted."""

from __future__ import annotations

import pytest
from django.core.management import get_commands

from minsheng import cli


@pytest.mark.parametrize(
    ("typed", "command"),
    [
        ("ledger-check", "check_ledger"),
        ("timebank-refresh-reports", "refresh_timebank_reports"),
        ("timebank_auto_confirm", "confirm_timebank_orders"),
        ("timebank-setup", "prepare_timebank"),
        ("hot-issues", "find_hot_issues"),
        ("check-ledger", "check_ledger"),
        ("import_cases", "import_cases"),
        ("migrate", "migrate"),
    ],
)
def test_a_former_name_or_either_spelling_runs_the_command(typed, command):
    assert cli.command_name(typed) == command


def test_every_alias_leads_to_a_command_that_exists():
    commands = get_commands()
    assert all(cli.command_name(new) in commands for new in cli.ALIASES.values())
    assert not [old for old in cli.ALIASES if cli.command_name(old) == old.replace("-", "_")]


def test_a_former_name_runs_through_the_command_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["minsheng", "hot-issues", "--help"])
    assert exit_.value.code == 0
    assert "usage: minsheng find-hot-issues" in capsys.readouterr().out


def test_the_help_lists_the_former_names(capsys):
    cli.print_help()
    out = capsys.readouterr().out
    assert "  check-ledger " in out and "ledger-check (check-ledger)" in out
