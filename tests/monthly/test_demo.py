"""The demo offers the demo year to the selection page and trains the intake classifier."""

import pytest

from minsheng.cases import classifier
from minsheng.hotline.demo import demo_year
from minsheng.hotline.synthetic import GenerationSpec, write_cases
from minsheng.monthly import demo
from minsheng.monthly.sources import server_files

pytestmark = pytest.mark.slow


def test_the_demo_year_becomes_a_server_file_and_trains_the_classifier(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    (tmp_path / "demo").mkdir()
    year = demo_year()
    write_cases(
        GenerationSpec.year(year, 3000, seed=12345),
        tmp_path / "demo" / f"cases-{year}-3000-12345.csv",
    )
    demo.load()
    demo.load()  # idempotent
    assert server_files() == [f"demo-{year}.csv"]
    assert classifier.suggest("路灯不亮", "劲松路的路灯坏了好几天，晚上很黑")[0][0] == "010301"


def test_without_the_hotline_demo_there_is_nothing_to_do(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    demo.load()
    assert server_files() == [] and not classifier.model_path().exists()
