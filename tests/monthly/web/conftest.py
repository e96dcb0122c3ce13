from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from minsheng.hotline.synthetic import GenerationSpec, write_cases
from minsheng.jobs import runner
from minsheng.monthly.selection import actions


@pytest.fixture(scope="session")
def small_year(tmp_path_factory):
    path = tmp_path_factory.mktemp("small") / "cases-2025.csv"
    write_cases(GenerationSpec.year(2025, 3000, seed=41), path)
    return path


@pytest.fixture
def finished_run(cast, small_year, var):
    import datetime as dt

    upload = SimpleUploadedFile("cases-2025.csv", small_year.read_bytes(), "text/csv")
    run = actions.start_selection(
        actor=cast.programme_office,
        mode="year",
        source="upload",
        upload=upload,
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
        top=10,
    )
    runner.run_pending()
    run.refresh_from_db()
    assert run.finished, run.job.error if run.job else "no job"
    return run
