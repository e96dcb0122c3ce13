"""Demo: the demo year as a file the selection page offers, a trained intake classifier,
this year's programme (``programme.demo``) and this week's forecast of the cases.

Runs after the hotline's demo (which generates and imports the year); idempotent. The
selection itself is left to the office (from the page, on the file or on the database).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings

from minsheng.cases import classifier
from minsheng.cases.casefile import read_cases
from minsheng.hotline.demo import demo_year
from minsheng.monthly.forecast import actions as forecast_actions
from minsheng.monthly.programme import demo as programme_demo
from minsheng.monthly.programme.actions import today
from minsheng.monthly.sources import input_directory


def load() -> None:
    _prepare_selection()
    programme_demo.load()
    # The forecast page and its proactive items are not empty before the worker's first look.
    forecast_actions.weekly_forecast_now(today=today())


def _prepare_selection() -> None:
    year = demo_year()
    year_files = sorted((Path(settings.VAR_DIR) / "demo").glob(f"cases-{year}-*.csv"))
    if not year_files:
        return
    source = year_files[-1]
    folder = input_directory()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"demo-{year}.csv"
    if not target.exists():
        shutil.copyfile(source, target)
    if not classifier.model_path().exists():
        documents, labels, unlabelled = classifier.read_labelled(read_cases(source), "category")
        model, _report = classifier.train(
            documents, labels, label="category", unlabelled=unlabelled
        )
        classifier.save(model, classifier.model_path())
