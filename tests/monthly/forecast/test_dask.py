"""The forecast's counting on Dask: the same forecast with 1 and 2 workers as in one process."""

from __future__ import annotations

import datetime as dt

import pytest

from minsheng.cases.casefile import read_cases
from minsheng.cases.partitions import CaseFile, Partitioning
from minsheng.monthly.forecast.engine import forecast_cases

pytestmark = pytest.mark.slow


def forecast(records, partitioning):
    return forecast_cases(
        records,
        by="category,district",
        weeks=8,
        until=dt.date(2024, 6, 30),
        partitioning=partitioning,
    )


def on(address: str) -> Partitioning:
    # Small partitions, so that both workers count and groups cross partition borders.
    return Partitioning(scheduler=address, min_cases=0, partition=3000)


@pytest.mark.parametrize("source", [read_cases, CaseFile], ids=["records", "file"])
def test_the_forecast_is_identical_with_one_and_two_workers(seasonal_file, dask_clusters, source):
    expected = forecast(read_cases(seasonal_file), Partitioning(min_cases=10**9))
    one = forecast(source(seasonal_file), on(dask_clusters[1]))
    two = forecast(source(seasonal_file), on(dask_clusters[2]))
    assert one == expected
    assert two == expected
    assert expected.summary["cases"] > 6 * 3000 and len(expected.rows) > 100
