"""The per-case work on Dask: the same corpus and the same selection with 1 and 2 workers."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from minsheng.cases import partitions
from minsheng.cases.casefile import CaseFileError, read_cases
from minsheng.cases.partitions import CaseFile, Partitioning
from minsheng.hotline.synthetic import GenerationSpec, write_cases
from minsheng.monthly.selection.corpus import CorpusBuilder, Interner, range_bounds, year_bounds
from minsheng.monthly.selection.engine import select_issues
from minsheng.monthly.selection.hot import hot_issues
from minsheng.monthly.selection.output import to_json
from minsheng.monthly.selection.partitions import build_corpus

pytestmark = pytest.mark.slow
START, END = year_bounds(2025)


@pytest.fixture(scope="module")
def year_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("dask") / "cases-2025.csv"
    write_cases(GenerationSpec.year(2025, 4000, seed=33), path)
    return path


@pytest.fixture
def clusters(dask_clusters):
    return dask_clusters


def on(address: str, *, ship_rows: bool = False) -> Partitioning:
    # Small partitions, so that two workers share the work and ids cross partition borders.
    return Partitioning(scheduler=address, min_cases=0, partition=700, ship_rows=ship_rows)


def in_process(path):
    return CorpusBuilder(start=START, end=END).add_all(read_cases(path))


def assert_same_corpus(expected, found):
    for field in dataclasses.fields(expected):
        mine, theirs = getattr(expected, field.name), getattr(found, field.name)
        if hasattr(mine, "typecode"):
            assert np.array_equal(
                np.frombuffer(mine, dtype=mine.typecode),
                np.frombuffer(theirs, dtype=theirs.typecode),
                equal_nan=mine.typecode == "f",
            ), field.name
        elif isinstance(mine, Interner):
            assert mine.values == theirs.values, field.name
        elif isinstance(mine, dict):
            assert list(mine.items()) == list(theirs.items()), field.name  # in the same order
        else:
            assert mine == theirs, field.name


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize(
    ("source", "ship_rows"),
    [(read_cases, False), (CaseFile, False), (CaseFile, True)],
    ids=["records", "ranges", "rows"],
)
def test_the_corpus_built_in_partitions_is_the_one_built_in_process(
    year_file, clusters, workers, source, ship_rows
):
    expected = in_process(year_file)
    partitioning = on(clusters[workers], ship_rows=ship_rows)
    found = build_corpus(source(year_file), start=START, end=END, partitioning=partitioning)
    assert len(found) == len(expected) > 3000
    assert (found.column("located_by") == 3).any()  # places learnt across partitions
    assert_same_corpus(expected, found)


def test_the_selection_is_identical_with_one_and_two_workers(year_file, clusters):
    def select(partitioning):
        selection = select_issues(
            CaseFile(year_file), start=START, end=END, top=10, partitioning=partitioning
        )
        return to_json(selection)

    one = select(on(clusters[1]))
    two = select(on(clusters[2]))
    assert one == two
    assert one == select(Partitioning(min_cases=10**9))  # and the same as in one process
    assert '"rank": 10' in one


def test_small_inputs_stay_in_process(year_file, monkeypatch):
    def no_cluster(partitioning):
        raise AssertionError("a cluster was started for a small input")

    monkeypatch.setattr(partitions, "_client", no_cluster)
    monkeypatch.delenv("MINSHENG_DASK_MIN_CASES", raising=False)
    corpus = build_corpus(read_cases(year_file), start=START, end=END)
    assert len(corpus) > 3000


def test_the_environment_chooses_the_cluster(monkeypatch):
    monkeypatch.setenv("MINSHENG_DASK_SCHEDULER", "tcp://analysis.example:8786")
    monkeypatch.setenv("MINSHENG_DASK_WORKERS", "3")
    monkeypatch.setenv("MINSHENG_DASK_MIN_CASES", "50000")
    monkeypatch.setenv("MINSHENG_DASK_SHIP_ROWS", "1")
    found = Partitioning.from_environment()
    assert (found.scheduler, found.local_workers(), found.min_cases, found.ship_rows) == (
        "tcp://analysis.example:8786",
        3,
        50000,
        True,
    )
    monkeypatch.delenv("MINSHENG_DASK_SCHEDULER")
    monkeypatch.delenv("MINSHENG_DASK_WORKERS")
    assert Partitioning.from_environment().scheduler is None
    assert Partitioning.from_environment().local_workers() >= 1


def test_without_a_scheduler_a_local_cluster_is_started_for_the_analysis(year_file, monkeypatch):
    monkeypatch.delenv("MINSHENG_DASK_SCHEDULER", raising=False)
    partitioning = Partitioning(workers=2, min_cases=0, partition=1500)
    found = build_corpus(read_cases(year_file), start=START, end=END, partitioning=partitioning)
    assert_same_corpus(in_process(year_file), found)


def test_unreadable_rows_are_counted_on_the_workers_as_in_process(tmp_path, clusters):
    path = tmp_path / "cases.csv"
    write_cases(GenerationSpec.year(2025, 300, seed=5), path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = "20250199999999,not a date,,,,\n"  # a row whose received time cannot be read
    path.write_text("".join(lines), encoding="utf-8")
    expected = in_process(path)
    assert expected.skipped == 1
    found = build_corpus(CaseFile(path), start=START, end=END, partitioning=on(clusters[2]))
    assert_same_corpus(expected, found)


def test_a_file_without_its_columns_is_refused_before_any_work(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text("编号,标题\n1,停车难\n", encoding="utf-8")
    with pytest.raises(CaseFileError):
        build_corpus(CaseFile(path), start=START, end=END, partitioning=Partitioning(min_cases=0))


def test_hot_issues_are_identical_with_one_and_two_workers(tmp_path, clusters):
    path = tmp_path / "recent.csv"
    spec = GenerationSpec.window(dt.date(2026, 10, 15), dt.date(2026, 11, 30), 3000, seed=7)
    write_cases(spec, path)
    start, end = range_bounds(dt.date(2026, 11, 1), dt.date(2026, 11, 30))

    def find(partitioning):
        found = hot_issues(CaseFile(path), start=start, end=end, top=5, partitioning=partitioning)
        return to_json(found)

    one = find(on(clusters[1]))
    assert one == find(on(clusters[2])) == find(Partitioning(min_cases=10**9))
    assert '"rank": 5' in one
