"""``minsheng forecast-cases`` on the command line: the JSON and CSV contract, the printed backtest."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from minsheng.monthly.forecast import synthetic

KEYS = ["week_start", "district", "category", "expected", "low", "high"]


def run(path, *options: str) -> None:
    call_command("forecast_cases", "--input", str(path), "--language", "en", *options)


def test_it_writes_the_json_list_of_weeks(seasonal_file, tmp_path, capsys):
    out = tmp_path / "forecast.json"
    run(seasonal_file, "--until", "2024-12-29", "--weeks", "4", "--by", "category,district",
        "--format", "json", "--out", str(out))  # fmt: skip
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert len(rows) == len(synthetic.DISTRICTS) * len(synthetic.CATEGORIES) * 4
    for row in rows:
        assert list(row) == KEYS
        week = dt.date.fromisoformat(row["week_start"])
        assert week.weekday() == 0
        assert dt.date(2024, 12, 30) <= week <= dt.date(2025, 1, 20)
        assert row["district"] in synthetic.DISTRICTS
        assert row["category"] in {
            "供暖",
            "排水与下水道",
            "劳动就业与工资",
            "教育与幼儿园",
            "物业管理",
        }
        assert 0 <= row["low"] <= row["expected"] <= row["high"]
    err = capsys.readouterr().err
    assert "Backtest on the last 4 weeks" in err
    assert "forecast " in err and "the same week last year " in err
    assert "the mean of the last four weeks " in err


def test_it_prints_the_backtest_and_the_proactive_items(seasonal_file, capsys):
    run(seasonal_file, "--until", "2024-10-20", "--weeks", "4", "--by", "category")
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert {row["district"] for row in rows} == {None}
    assert "WAPE" in captured.err
    assert "Proactive items" in captured.err
    assert "Heating" not in captured.err  # the data's own names, in the data's language
    assert "供暖: " in captured.err


def test_it_writes_csv_with_the_same_columns(seasonal_file, tmp_path):
    out = tmp_path / "forecast.csv"
    run(seasonal_file, "--until", "2024-06-30", "--weeks", "2", "--by", "district",
        "--out", str(out))  # fmt: skip
    with out.open(encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == KEYS
    assert len(rows) == 1 + 3 * 2
    assert {row[0] for row in rows[1:]} == {"2024-07-01", "2024-07-08"}
    assert {row[2] for row in rows[1:]} == {""}
    assert all(float(row[4]) <= float(row[3]) <= float(row[5]) for row in rows[1:])


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--weeks", "0"], "--weeks must be between 1 and 52"),
        (["--weeks", "53"], "--weeks must be between 1 and 52"),
        (["--until", "2024-13-01"], "--until takes a date"),
    ],
)
def test_it_refuses_bad_options_in_words(seasonal_file, options, message):
    with pytest.raises(CommandError, match=message):
        run(seasonal_file, *options)


def test_it_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        run(tmp_path / "missing.csv")


def test_it_speaks_chinese_by_default(seasonal_file, capsys):
    call_command("forecast_cases", "--input", str(seasonal_file), "--until", "2024-06-30",
                 "--weeks", "2", "--language", "zh-hans")  # fmt: skip
    assert "回测" in capsys.readouterr().err
