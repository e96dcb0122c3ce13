"""Demo: the demo year as a file the selection page offers, and a trained intake classifier.

Runs after the hotline's demo (which generates and imports the year); idempotent. The
selection itself is left to the office (from the page, on the file or on the database).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings

from minsheng.hotline.casefile import read_cases
from minsheng.monthly import classifier
from minsheng.monthly.sources import input_directory


def load() -> None:
    year_files = sorted((Path(settings.VAR_DIR) / "demo").glob("cases-2025-*.csv"))
    if not year_files:
        return
    source = year_files[-1]
    folder = input_directory()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "demo-2025.csv"
    if not target.exists():
        shutil.copyfile(source, target)
    if not classifier.model_path().exists():
        documents, labels, unlabelled = classifier.read_labelled(read_cases(source), "category")
        model, _report = classifier.train(
            documents, labels, label="category", unlabelled=unlabelled
        )
        classifier.save(model, classifier.model_path())
