import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from minsheng.jobs import runner, schedule
from minsheng.jobs.models import Job, PeriodicRun
from tests.database import application_connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def counting_handler():
    calls = []

    @runner.handler("test.count")
    def count(progress, params):
        for step in range(params["steps"]):
            progress.update(step + 1, total=params["steps"], message=f"step {step}")
            calls.append(step)
        return {"counted": len(calls)}

    yield calls
    runner.HANDLERS.pop("test.count")


def test_a_queued_job_runs_to_the_end_with_its_result(counting_handler, cast):
    job = runner.enqueue("test.count", {"steps": 3}, created_by=cast.dispatcher)
    assert runner.run_pending() == 1
    job.refresh_from_db()
    assert (job.status, job.result, job.percent) == ("done", {"counted": 3}, 100)


def test_a_failing_job_records_its_error(cast):
    @runner.handler("test.fail")
    def fail(progress, params):
        raise ValueError("boom")

    job = runner.enqueue("test.fail", {})
    runner.run_pending()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "boom" in job.error
    runner.HANDLERS.pop("test.fail")


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError):
        runner.enqueue("test.unknown", {})


def test_periodic_work_runs_once_per_interval(monkeypatch):
    monkeypatch.setattr(schedule, "PERIODIC", {})  # only this test's function, not the apps'
    calls = []
    schedule.every(name="test.periodic", minutes=30)(lambda: calls.append(1))
    try:
        start = timezone.now()
        assert schedule.run_due(now=start) == ["test.periodic"]
        assert schedule.run_due(now=start + dt.timedelta(minutes=10)) == []
        assert schedule.run_due(now=start + dt.timedelta(minutes=31)) == ["test.periodic"]
        assert len(calls) == 2
    finally:
        schedule.PERIODIC.pop("test.periodic")


def test_a_failing_periodic_function_keeps_its_error(monkeypatch):
    monkeypatch.setattr(schedule, "PERIODIC", {})

    def broken():
        raise RuntimeError("nope")

    schedule.every(name="test.broken", minutes=5)(broken)
    try:
        schedule.run_due()
        assert "nope" in PeriodicRun.objects.get(name="test.broken").last_error
    finally:
        schedule.PERIODIC.pop("test.broken")


@pytest.mark.django_db(transaction=True)
def test_a_committing_periodic_function_runs_outside_any_transaction(monkeypatch):
    monkeypatch.setattr(schedule, "PERIODIC", {})
    seen = []
    schedule.every(name="test.commits", minutes=5, commits=True)(
        lambda: seen.append(connection.in_atomic_block)
    )
    start = timezone.now()
    assert schedule.run_due(now=start) == ["test.commits"]
    assert schedule.run_due(now=start + dt.timedelta(minutes=1)) == []
    assert seen == [False]
    run = PeriodicRun.objects.get(name="test.commits")
    assert run.last_started_at == start and run.last_finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_committing_periodic_function_runs_in_one_worker_at_a_time(monkeypatch):
    """While another session holds the function's lock (a worker running it), it is skipped."""
    monkeypatch.setattr(schedule, "PERIODIC", {})
    calls = []
    schedule.every(name="test.alone", minutes=5, commits=True)(lambda: calls.append(1))
    lock = "SELECT pg_advisory_lock(hashtextextended('minsheng.periodic:test.alone', 0))"
    with application_connection() as other:
        other.execute(lock)
        assert schedule.run_due(force=True) == []
    assert schedule.run_due(force=True) == ["test.alone"]
    assert calls == [1]
