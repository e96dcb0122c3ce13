"""The database path gives the same selection as the file the cases were imported from."""

from __future__ import annotations

import pytest

from minsheng.cases.casefile import read_cases
from minsheng.hotline.importing import import_cases
from minsheng.hotline.models import Case
from minsheng.hotline.records import case_records
from minsheng.hotline.synthetic import GenerationSpec, write_cases
from minsheng.monthly.selection.corpus import year_bounds
from minsheng.monthly.selection.engine import select_issues
from minsheng.monthly.selection.output import to_json

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_file_and_database_give_the_same_candidates(beijing, cast, tmp_path):
    path = tmp_path / "cases-2025.csv"
    write_cases(GenerationSpec.year(2025, 2500, seed=61), path)
    summary = import_cases(path)
    assert summary.imported == 2500
    start, end = year_bounds(2025)
    from_file = select_issues(read_cases(path), start=start, end=end, top=10)
    cases = Case.objects.filter(received_at__gte=start, received_at__lt=end)
    from_database = select_issues(case_records(cases), start=start, end=end, top=10)
    assert from_file.candidates and to_json(from_database) == to_json(from_file)
