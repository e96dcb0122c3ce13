"""The database keeps runs and decisions consistent, whatever writes to it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from minsheng.monthly.models import CandidateDecision, SelectionRun

pytestmark = pytest.mark.django_db(transaction=True)


def make_run(user, **fields):
    values = {
        "mode": "year",
        "source": "upload",
        "period_start": dt.date(2025, 1, 1),
        "period_end": dt.date(2025, 12, 31),
        "created_by": user,
    }
    values.update(fields)
    return SelectionRun.objects.create(**values)


@pytest.mark.parametrize(
    "fields",
    [
        {"top": 0},
        {"top": 101},
        {"period_end": dt.date(2024, 12, 31)},
        {"mode": "other"},
        {"source": "ftp"},
    ],
)
def test_runs_must_make_sense(cast, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_run(cast.programme_office, **fields)


def test_a_finished_run_has_its_candidates(cast):
    from django.utils import timezone

    run = make_run(cast.programme_office)
    with pytest.raises(IntegrityError), transaction.atomic():
        SelectionRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())


def test_one_decision_per_candidate_and_only_known_decisions(cast):
    run = make_run(cast.programme_office, candidates=[], finished_at=None)
    CandidateDecision.objects.create(
        run=run, key="k", rank=1, label="x", decision="shortlisted", decided_by=cast.city_admin
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidateDecision.objects.create(
            run=run, key="k", rank=1, label="x", decision="rejected", decided_by=cast.city_admin
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidateDecision.objects.create(
            run=run, key="j", rank=2, label="y", decision="perhaps", decided_by=cast.city_admin
        )
