"""``minsheng select-issues`` and ``minsheng find-hot-issues`` on the command line."""

from __future__ import annotations

import csv
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

pytestmark = pytest.mark.slow


def select_issues(generated, out, *, top, language=None):  # type: ignore[no-untyped-def]
    """``minsheng select-issues`` on the generated year 2025, writing its ``top`` to ``out``."""
    options = ["--language", language] if language else []
    call_command(
        "select_issues",
        "--year",
        "2025",
        "--input",
        str(generated.path),
        "--top",
        str(top),
        "--out",
        str(out),
        *options,
    )


def test_select_issues_writes_the_json_contract(generated_year, tmp_path, capsys):
    out = tmp_path / "candidates.json"
    select_issues(generated_year, out, top=12)
    candidates = json.loads(out.read_text(encoding="utf-8"))
    assert [c["rank"] for c in candidates] == list(range(1, 13))
    assert "12" in capsys.readouterr().err


def test_select_issues_writes_csv_xlsx_and_html(generated_year, tmp_path):
    for name in ("c.csv", "c.xlsx", "c.html"):
        select_issues(generated_year, tmp_path / name, top=3, language="en")
    with (tmp_path / "c.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["rank"] for r in rows] == ["1", "2", "3"]
    workbook = load_workbook(tmp_path / "c.xlsx", read_only=True)
    assert workbook.sheetnames == ["candidates", "aspects", "cases"]
    aspects = list(workbook["aspects"].iter_rows(values_only=True))[1:]
    assert {a[0] for a in aspects} == {int(r["rank"]) for r in rows}
    assert [int(r["aspect_count"]) for r in rows] == [
        sum(a[0] == int(r["rank"]) for a in aspects) for r in rows
    ]
    cases = list(workbook["cases"].iter_rows(values_only=True))
    assert len(cases) - 1 == sum(int(r["size"]) for r in rows)
    html = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert "Candidates for One issue per month" in html and rows[0]["label"] in html


def test_hot_issues_writes_to_standard_output(generated_window, capsys):
    call_command(
        "find_hot_issues",
        "--from",
        "2026-10-15",
        "--to",
        "2026-11-30",
        "--input",
        str(generated_window.path),
        "--top",
        "3",
    )
    candidates = json.loads(capsys.readouterr().out)
    assert len(candidates) == 3 and candidates[0]["components"]["peak_cases"] >= 20


@pytest.mark.parametrize(
    "arguments",
    [
        ["select_issues", "--year", "2025", "--input", "/nonexistent.csv"],
        ["select_issues", "--year", "2025", "--input", "{year}", "--format", "xlsx"],
        ["select_issues", "--year", "2025", "--input", "{year}", "--top", "0"],
        ["find_hot_issues", "--from", "2026-11-30", "--to", "2026-10-01", "--input", "{year}"],
        ["find_hot_issues", "--from", "30/11/2026", "--input", "{year}"],
    ],
)
def test_bad_options_are_refused_with_a_reason(arguments, generated_year):
    arguments = [a.replace("{year}", str(generated_year.path)) for a in arguments]
    with pytest.raises(CommandError):
        call_command(*arguments)
