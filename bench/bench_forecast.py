"""Forecasts of weekly case volumes (``minsheng forecast-cases``), for speed and for accuracy.

Speed, at 100,000 and 1,000,000 cases of three generated years (the hotline generator, with its
monthly seasons), each in its own process so that its peak memory (RSS) is its own:

* **floor** — read the file and segment every title and content once with jieba: the floor the
  selection and the hot issues are measured against;
* **forecast** — ``forecast_cases`` as the command runs it (per category and district, 8 weeks):
  reading the file and counting days (in partitions on a local Dask cluster from 20,000 cases),
  counting weeks, fitting every group twice (forecast and backtest).

Goal at 1,000,000 cases: forecast at most 2x the floor, under 2 GiB.

Accuracy, on years with a known season, holidays and trend (``forecast.synthetic``), for several
cut-offs: the backtest's WAPE of the forecast and of the two baselines, and how many held-out
weeks the 80% intervals held. Goal: WAPE at least 10% better than the better baseline; intervals
holding 70-90%. Sizes can be chosen with ``BENCH_FORECAST_SIZES=100000``.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.support import measure_in_child, report_measurement

SIZES = (100_000, 1_000_000)
SEED = 11
START, END = dt.date(2022, 1, 3), dt.date(2024, 12, 29)
CUT_OFFS = (
    (dt.date(2024, 12, 29), 12),  # the heating season
    (dt.date(2025, 2, 23), 8),  # the Spring Festival
    (dt.date(2024, 8, 4), 6),  # the July rains
    (dt.date(2024, 4, 28), 8),  # school places in spring, the May Day holiday
)


def main() -> None:
    _accuracy()
    sizes = [int(s) for s in os.environ.get("BENCH_FORECAST_SIZES", "").split(",") if s] or SIZES
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-forecast-") as folder:
        for size in sizes:
            rows.append(_speed(Path(folder) / f"cases-{size}.csv", size))
    print("\ncases      floor s  forecast s  forecast/floor  peak MiB  s per 100k")
    for row in rows:
        floor, forecast = row["floor"], row["forecast"]
        print(
            f"{row['size']:>9,}  {floor['seconds']:7.1f}  {forecast['seconds']:10.1f}  "
            f"{forecast['seconds'] / floor['seconds']:14.2f}  {forecast['peak_mib']:8.0f}  "
            f"{forecast['seconds'] / row['size'] * 100_000:10.1f}"
        )
    last = rows[-1]
    print(
        f"at {last['size']:,}: forecast/floor="
        f"{last['forecast']['seconds'] / last['floor']['seconds']:.2f} (goal <= 2), "
        f"peak={last['forecast']['peak_mib'] / 1024:.2f} GiB (goal < 2)"
    )


def _accuracy() -> None:
    from minsheng.hotline.workdays import Calendar
    from minsheng.monthly.forecast import synthetic
    from minsheng.monthly.forecast.engine import forecast_history, weekly_history

    print("history to   weeks  groups  WAPE model  last year  last 4 wks  gain  80% held")
    for until, weeks in CUT_OFFS:
        days = synthetic.day_counts(dt.date(2021, 1, 4), until, seed=SEED)
        history = weekly_history(days, by="category,district", until=until)
        backtest = forecast_history(history, weeks=weeks, calendar=Calendar()).backtest
        assert backtest is not None
        assert backtest.same_week_last_year is not None and backtest.model is not None
        better = min(backtest.same_week_last_year, backtest.last_four_weeks or 1.0)
        print(
            f"{until}  {weeks:5d}  {len(history.counts):6d}  {backtest.model:10.3f}  "
            f"{backtest.same_week_last_year:9.3f}  {backtest.last_four_weeks:10.3f}  "
            f"{1 - backtest.model / better:4.0%}  {backtest.coverage:8.0%}",
            flush=True,
        )


def _speed(path: Path, size: int) -> dict[str, Any]:
    from minsheng.hotline.synthetic import GenerationSpec, write_cases

    started = time.perf_counter()
    write_cases(GenerationSpec(START, END, size, SEED), path)
    print(f"\n{size:,} cases generated in {time.perf_counter() - started:.0f} s", flush=True)
    result: dict[str, Any] = {"size": size}
    for kind in ("floor", "forecast"):
        measured = _measure(kind, path)
        result[kind] = measured
        extra = f"  {measured['backtest']}" if "backtest" in measured else ""
        print(
            f"  {kind:9s} {measured['seconds']:7.1f} s  peak {measured['peak_mib']:6.0f} MiB{extra}",
            flush=True,
        )
    path.unlink()
    return result


def _measure(kind: str, path: Path) -> dict[str, Any]:
    return measure_in_child("bench.bench_forecast", kind, path)


def _forecast(path: Path) -> dict[str, Any]:
    from minsheng.cases.partitions import CaseFile
    from minsheng.monthly.forecast.engine import forecast_cases

    forecast = forecast_cases(CaseFile(path), by="category,district", weeks=8, until=END)
    backtest = forecast.backtest
    return {
        "rows": len(forecast.rows),
        "groups": forecast.summary["groups"],
        "backtest": None
        if backtest is None
        else {
            "model": backtest.model,
            "last_year": backtest.same_week_last_year,
            "last_four": backtest.last_four_weeks,
            "coverage": backtest.coverage,
        },
    }


def _child(kind: str, path: Path) -> None:
    from bench.bench_selection import _floor

    report_measurement(lambda: _floor(path) if kind == "floor" else _forecast(path))


if __name__ == "__main__":
    _child(sys.argv[1], Path(sys.argv[2]))
