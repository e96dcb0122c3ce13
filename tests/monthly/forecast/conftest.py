"""Four generated years with a known season, holidays and trend, shared by the forecast tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from minsheng.monthly.forecast import synthetic

FIRST_DAY = dt.date(2021, 1, 4)


@pytest.fixture(scope="session")
def seasonal_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("forecast") / "cases.csv"
    synthetic.write_cases(path, FIRST_DAY, dt.date(2024, 12, 31), seed=5, scale=0.5)
    return path
