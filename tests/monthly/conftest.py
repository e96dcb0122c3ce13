"""A generated year and window with planted problems, shared by the selection tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from minsheng.hotline.synthetic import GenerationSpec, write_cases


@dataclass
class Generated:
    path: Path
    truth: dict[str, list[str]]


@pytest.fixture(scope="session")
def generated_year(tmp_path_factory) -> Generated:
    path = tmp_path_factory.mktemp("year") / "cases-2025.csv"
    truth = write_cases(GenerationSpec.year(2025, 15_000, seed=21), path)
    return Generated(path, truth)


@pytest.fixture(scope="session")
def generated_window(tmp_path_factory) -> Generated:
    path = tmp_path_factory.mktemp("window") / "recent.csv"
    spec = GenerationSpec.window(dt.date(2026, 10, 15), dt.date(2026, 11, 30), 5000, seed=7)
    return Generated(path, write_cases(spec, path))
