"""Hot issues (``find-hot-issues``) on a generated year of 100,000, 300,000 and 1,000,000 cases.

For each size, in the same run and on the same generated file, each in its own process (so its
peak memory, sampled with psutil, is its own):

* **floor** — read the file and segment every title and content once with jieba, as in
  ``bench_selection``: the least any text analysis of these cases must do;
* **hot** — ``hot_issues`` over the whole year, as ``minsheng find-hot-issues`` runs it.

Goal at 1,000,000 cases: hot issues at most 2x the floor, under 2 GiB. Whether the right issues
lead is measured by the tests (tests/monthly/test_hot_issues.py), not here. Sizes can be chosen with
``BENCH_HOT_SIZES=100000,300000``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bench_selection import _floor
from bench.support import measure_in_child, report_measurement

YEAR = 2025
SEED = 11
SIZES = (100_000, 300_000, 1_000_000)


def main() -> None:
    from minsheng.hotline.synthetic import GenerationSpec, write_cases

    sizes = [int(s) for s in os.environ.get("BENCH_HOT_SIZES", "").split(",") if s] or SIZES
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-hot-") as folder:
        for size in sizes:
            path = Path(folder) / f"cases-{size}.csv"
            started = time.perf_counter()
            write_cases(GenerationSpec.year(YEAR, size, SEED), path)
            print(
                f"\n{size:,} cases generated in {time.perf_counter() - started:.0f} s", flush=True
            )
            result: dict[str, Any] = {"size": size}
            for kind in ("floor", "hot"):
                result[kind] = _measure(kind, path)
                print(
                    f"  {kind:6s} {result[kind]['seconds']:7.1f} s  "
                    f"peak {result[kind]['peak_mib']:6.0f} MiB",
                    flush=True,
                )
            rows.append(result)
            path.unlink()
    print("\ncases      floor s   hot s  hot/floor  peak MiB  issues  stages")
    for row in rows:
        floor, hot = row["floor"], row["hot"]
        print(
            f"{row['size']:>9,}  {floor['seconds']:7.1f}  {hot['seconds']:6.1f}  "
            f"{hot['seconds'] / floor['seconds']:9.2f}  {hot['peak_mib']:8.0f}  "
            f"{hot['issues']:6d}  {hot['stages']}"
        )
    last = rows[-1]
    print(
        f"at {last['size']:,}: hot/floor={last['hot']['seconds'] / last['floor']['seconds']:.2f} "
        f"(goal <= 2), peak={last['hot']['peak_mib'] / 1024:.2f} GiB (goal < 2)"
    )


def _measure(kind: str, path: Path) -> dict[str, Any]:
    return measure_in_child("bench.bench_hot_issues", kind, path)


def _hot(path: Path) -> dict[str, Any]:
    from minsheng.cases.casefile import read_cases
    from minsheng.monthly.selection.corpus import year_bounds
    from minsheng.monthly.selection.hot import hot_issues

    start, end = year_bounds(YEAR)
    result = hot_issues(read_cases(path), start=start, end=end, top=20, seed=1)
    return {"issues": result.summary["issues_found"], "stages": result.summary["seconds"]}


def _child(kind: str, path: Path) -> None:
    report_measurement(lambda: _floor(path) if kind == "floor" else _hot(path))


if __name__ == "__main__":
    _child(sys.argv[1], Path(sys.argv[2]))
