"""``minsheng generate-cases`` on the command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from minsheng.cases.casefile import read_cases


def test_it_writes_a_year(tmp_path, capsys):
    out = tmp_path / "year.csv"
    call_command(
        "generate_cases", "--year", "2025", "--count", "300", "--seed", "4", "--out", str(out)
    )
    records = list(read_cases(out))
    assert len(records) == 300
    assert {r.received_at.year for r in records} == {2025}
    assert "Wrote 300 cases" in capsys.readouterr().out


def test_it_writes_a_window_as_xlsx_with_a_prefix(tmp_path):
    out = tmp_path / "recent.xlsx"
    call_command(
        "generate_cases",
        "--from",
        "2026-10-15",
        "--to",
        "2026-11-30T10:00",
        "--count",
        "200",
        "--out",
        str(out),
        "--number-prefix",
        "W",
    )
    records = list(read_cases(out))
    assert len(records) == 200
    assert all(r.number.startswith("W2026") for r in records)
    latest = max(r.received_at for r in records)
    assert (latest.month, latest.day) == (11, 30) and latest.hour < 10


@pytest.mark.parametrize(
    "arguments",
    [
        ["--from", "2026-10-15"],
        ["--year", "2025", "--to", "2025-12-31"],
        ["--from", "2026-13-01", "--to", "2026-12-31"],
        ["--from", "2026-10-15", "--to", "2026-10-01"],
        ["--year", "2025", "--count", "-1"],
    ],
)
def test_it_refuses_contradictory_or_bad_options(tmp_path, arguments):
    with pytest.raises(CommandError):
        call_command("generate_cases", *arguments, "--out", str(tmp_path / "x.csv"))


def test_its_help_lists_the_planted_problems():
    from minsheng.hotline.management.commands.generate_cases import Command

    assert "gym_prepaid" in Command.help and "decoy_heating" in Command.help
