"""Selection of "One issue per month" candidates on 100,000, 300,000 and 1,000,000 cases.

For each size, in the same run and on the same generated file:

* **floor** — read the file and segment every title and content once with jieba: the least any
  text analysis of these cases must do;
* **selection** — ``select_issues`` as ``minsheng select-issues`` runs it;
* **baseline** — the straightforward method: TF-IDF over jieba tokens and MiniBatchKMeans with
  k = 200 over all texts;
* **dask 1w / dask 2w** — ``select_issues`` with its per-case work in partitions on a local Dask
  cluster of 1 and of 2 worker processes (started and stopped within the time measured); the
  speed-up of 2 workers over 1 is printed as ``selection_dask_speedup_2w`` (goal: 1.6 on 2
  cores), with both against the single-process selection. The candidates must be the same.

Each runs in its own process, so its peak memory (RSS, sampled with psutil) is its own. Recall of
the six planted chronic problems: for the selection, the share of a problem's cases in the
candidate (of the top 20) that holds most of them; for the baseline, the same over its 200
clusters. Goals at 1,000,000 cases: selection (with the merge of aspects into problems) at most
2x the floor, under 2 GiB, growing about linearly, with better recall than the baseline. Sizes can be chosen with
``BENCH_SELECTION_SIZES=100000,300000``, and the measurements with
``BENCH_SELECTION_KINDS=floor,selection`` (the floor and the selection are always measured).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.support import measure_in_child, report_measurement

YEAR = 2025
SEED = 7
SIZES = (100_000, 300_000, 1_000_000)
KINDS = ("floor", "selection", "baseline", "dask1", "dask2")


def main() -> None:
    from minsheng.hotline.synthetic import PLANTED, GenerationSpec, write_cases

    sizes = [int(s) for s in os.environ.get("BENCH_SELECTION_SIZES", "").split(",") if s] or SIZES
    chronic = [p.key for p in PLANTED if p.role == "chronic"]
    chosen = set(os.environ.get("BENCH_SELECTION_KINDS", ",".join(KINDS)).split(","))
    kinds = [kind for kind in KINDS if kind in chosen | {"floor", "selection"}]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-selection-") as folder:
        for size in sizes:
            path = Path(folder) / f"cases-{size}.csv"
            started = time.perf_counter()
            truth = write_cases(GenerationSpec.year(YEAR, size, SEED), path)
            print(
                f"\n{size:,} cases generated in {time.perf_counter() - started:.0f} s", flush=True
            )
            truth_path = Path(folder) / f"truth-{size}.json"
            truth_path.write_text(json.dumps({k: truth[k] for k in chronic}), encoding="utf-8")
            result = {"size": size}
            for kind in kinds:
                measured = _measure(kind, path, truth_path)
                result[kind] = measured
                print(f"  {kind:10s} {_line(measured)}", flush=True)
            rows.append(result)
            path.unlink()
    _report(rows)


def _line(measured: dict[str, Any]) -> str:
    text = f"{measured['seconds']:7.1f} s  peak {measured['peak_mib']:6.0f} MiB"
    if "recall" in measured:
        text += f"  recall {measured['recall']:.2f} (min {measured['min_recall']:.2f})"
        text += f"  precision {measured['precision']:.2f}"
    if "stages" in measured:
        text += "  stages " + ", ".join(f"{k} {v:.1f} s" for k, v in measured["stages"].items())
    return text


def _report(rows: list[dict[str, Any]]) -> None:
    print(
        "\ncases      floor s  select s  baseline s  select/floor  select/baseline  "
        "peak MiB  recall sel/base  s per 100k"
    )
    for row in rows:
        f, s = row["floor"], row["selection"]
        b = row.get("baseline", {"seconds": float("nan"), "recall": float("nan")})
        print(
            f"{row['size']:>9,}  {f['seconds']:7.1f}  {s['seconds']:8.1f}  {b['seconds']:10.1f}  "
            f"{s['seconds'] / f['seconds']:12.2f}  {s['seconds'] / b['seconds']:15.2f}  "
            f"{s['peak_mib']:8.0f}  {s['recall']:.2f} / {b['recall']:.2f}  "
            f"{s['seconds'] / row['size'] * 100_000:10.1f}"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = (last["selection"]["seconds"] / first["selection"]["seconds"]) / (
            last["size"] / first["size"]
        )
        print(f"growth of selection time relative to linear: {growth:.2f}")
    last = rows[-1]
    if "dask1" in last and "dask2" in last:
        _report_dask(last)
    baseline_recall = last.get("baseline", {}).get("recall", float("nan"))
    print(
        f"at {last['size']:,}: selection/floor={last['selection']['seconds'] / last['floor']['seconds']:.2f} "
        f"(goal <= 2), peak={last['selection']['peak_mib'] / 1024:.2f} GiB (goal < 2), "
        f"recall {last['selection']['recall']:.2f} vs baseline {baseline_recall:.2f}"
    )


def _report_dask(last: dict[str, Any]) -> None:
    single, one, two = (last[k] for k in ("selection", "dask1", "dask2"))
    print(
        f"at {last['size']:,}: selection in one process {single['seconds']:.1f} s, on Dask with "
        f"1 worker {one['seconds']:.1f} s, with 2 workers {two['seconds']:.1f} s; "
        f"same candidates: {one['digest'] == two['digest'] == single['digest']}"
    )
    print(f"selection_dask_speedup_2w={one['seconds'] / two['seconds']:.2f}")


def _measure(kind: str, path: Path, truth: Path) -> dict[str, Any]:
    return measure_in_child("bench.bench_selection", kind, path, truth)


def _texts(path: Path):  # type: ignore[no-untyped-def]
    from minsheng.cases.casefile import CaseRecord, read_cases

    for record in read_cases(path):
        if isinstance(record, CaseRecord):
            yield record.number, f"{record.title or ''}。{record.content}"


def _floor(path: Path) -> dict[str, Any]:
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    count = 0
    for _, text in _texts(path):
        count += len(tokenizer.lcut(text, HMM=False))
    return {"tokens": count}


def _selection(path: Path, truth: dict[str, list[str]], workers: int = 0) -> dict[str, Any]:
    """The selection in one process (``workers`` 0) or on a local Dask cluster."""
    import hashlib

    from minsheng.cases.partitions import CaseFile, Partitioning
    from minsheng.monthly.selection.corpus import year_bounds
    from minsheng.monthly.selection.engine import select_issues
    from minsheng.monthly.selection.output import to_json

    start, end = year_bounds(YEAR)
    partitioning = (
        Partitioning(workers=workers, min_cases=0)
        if workers
        else Partitioning(min_cases=sys.maxsize)
    )
    selection = select_issues(
        CaseFile(path), start=start, end=end, top=20, seed=1, partitioning=partitioning
    )
    groups = [set(c["numbers"]) for c in selection.candidates]
    digest = hashlib.sha256(to_json(selection).encode()).hexdigest()[:16]
    return {**_recall(groups, truth), "stages": selection.summary["seconds"], "digest": digest}


def _baseline(path: Path, truth: dict[str, list[str]]) -> dict[str, Any]:
    import jieba
    import numpy as np
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    numbers: list[str] = []

    def documents():  # type: ignore[no-untyped-def]
        for number, text in _texts(path):
            numbers.append(number)
            yield text

    vectoriser = TfidfVectorizer(
        tokenizer=lambda text: tokenizer.lcut(text, HMM=False), lowercase=False, token_pattern=None
    )
    matrix = vectoriser.fit_transform(documents())
    labels = MiniBatchKMeans(n_clusters=200, random_state=0, batch_size=4096, n_init=3).fit_predict(
        matrix
    )
    index = {number: i for i, number in enumerate(numbers)}
    groups = []
    for cluster in range(200):
        members = np.flatnonzero(labels == cluster)
        groups.append({numbers[i] for i in members})
    del index
    return _recall(groups, truth)


def _recall(groups: list[set[str]], truth: dict[str, list[str]]) -> dict[str, Any]:
    recalls, precisions = [], []
    for numbers in truth.values():
        wanted = set(numbers)
        best = max(groups, key=lambda group: len(group & wanted), default=set())
        overlap = len(best & wanted)
        recalls.append(overlap / len(wanted))
        precisions.append(overlap / len(best) if best else 0.0)
    return {
        "recall": sum(recalls) / len(recalls),
        "min_recall": min(recalls),
        "precision": sum(precisions) / len(precisions),
    }


def _child(kind: str, path: Path, truth_path: Path) -> None:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))

    def work() -> dict[str, Any]:
        if kind == "floor":
            return _floor(path)
        if kind == "selection":
            return _selection(path, truth)
        if kind.startswith("dask"):
            return _selection(path, truth, workers=int(kind.removeprefix("dask")))
        return _baseline(path, truth)

    report_measurement(work)


if __name__ == "__main__":
    _child(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
