"""A job outlives the worker that ran it: retried, or failed with the reason, never lost."""

import datetime as dt
import threading

import pytest
from django.db import OperationalError
from django.utils import timezone

from minsheng.jobs import leases, runner
from minsheng.jobs.models import Job, WorkerHeartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler():
    """Registers handlers for the test and removes them afterwards."""
    kinds = []

    def register(kind, function):
        runner.handler(kind)(function)
        kinds.append(kind)

    yield register
    for kind in kinds:
        runner.HANDLERS.pop(kind)


@pytest.fixture
def worker_in_test(monkeypatch):
    """The worker loop inside the test's transaction: no heartbeat thread (it would use its
    own connection, outside the transaction) and no closing of the test's connection."""
    monkeypatch.setattr(leases.Heartbeat, "start", lambda self: None)
    monkeypatch.setattr(leases.Heartbeat, "stop", lambda self: None)
    monkeypatch.setattr(runner, "close_connections", lambda: None)
    monkeypatch.setattr(runner, "close_old_connections", lambda: None)


class Sleeps(list):
    """Records the worker's waits; a runaway loop fails the test instead of hanging it."""

    def __call__(self, seconds):
        self.append(seconds)
        if len(self) > 20:
            raise AssertionError("the worker loop did not stop")


def running_job(*, attempts=1, heartbeat_age=dt.timedelta(minutes=5), worker="gone:1:abc"):
    now = timezone.now()
    return Job.objects.create(
        kind="test.any",
        status=Job.Status.RUNNING,
        started_at=now - heartbeat_age,
        heartbeat_at=now - heartbeat_age,
        attempts=attempts,
        worker=worker,
    )


def test_a_running_job_whose_worker_stopped_is_queued_again():
    job = running_job(attempts=1)
    assert leases.reap_stale() == 1
    job.refresh_from_db()
    assert (job.status, job.worker) == (Job.Status.QUEUED, "")
    assert job.message


def test_a_job_that_used_its_attempts_is_failed_with_the_reason():
    job = running_job(attempts=leases.MAX_ATTEMPTS)
    leases.reap_stale()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.finished_at is not None
    assert str(leases.MAX_ATTEMPTS) in job.error


def test_a_job_whose_lease_is_fresh_is_left_alone():
    job = running_job(heartbeat_age=dt.timedelta(seconds=2))
    assert leases.reap_stale() == 0
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING


def test_the_heartbeat_renews_its_jobs_lease_and_the_workers_sign_of_life():
    heartbeat = leases.Heartbeat("here:1:abc")
    job = running_job(worker="here:1:abc", heartbeat_age=dt.timedelta(seconds=29))
    heartbeat.current_job = job.pk
    heartbeat.beat()
    job.refresh_from_db()
    assert timezone.now() - job.heartbeat_at < dt.timedelta(seconds=5)
    assert leases.workers_alive() == 1
    assert WorkerHeartbeat.objects.get().name == "here:1:abc"


def test_a_worker_silent_for_longer_than_the_lease_does_not_count_as_alive():
    later = timezone.now() + leases.LEASE + dt.timedelta(seconds=1)
    leases.Heartbeat("here:1:abc").beat()
    assert leases.workers_alive(now=later) == 0


def test_the_late_result_of_a_job_given_to_another_worker_is_dropped(handler):
    handler("test.slow", lambda progress, params: {"late": True})
    runner.enqueue("test.slow", {})
    job = runner.claim_next(worker="first:1:abc")
    Job.objects.filter(pk=job.pk).update(worker="second:2:def")  # the reaper gave it away
    runner.run(job)
    job.refresh_from_db()
    assert (job.status, job.result) == (Job.Status.RUNNING, None)


def test_the_worker_waits_longer_after_each_outage_in_a_row_and_never_dies(
    monkeypatch, worker_in_test
):
    stop = threading.Event()
    outages = iter([True, True, True, False])
    sleeps = Sleeps()

    def flaky(**kwargs):
        if next(outages):
            raise OperationalError("connection refused")
        stop.set()
        return 1

    monkeypatch.setattr(runner, "run_pending", flaky)
    runner.work_forever(stop=stop, sleep=sleeps)
    assert sleeps == [0.5, 1.0, 2.0]


def test_a_job_interrupted_by_a_database_outage_is_run_again(handler, worker_in_test):
    stop = threading.Event()
    calls = []

    def flaky(progress, params):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        stop.set()
        return {"done": True}

    handler("test.flaky", flaky)
    job = runner.enqueue("test.flaky", {})
    runner.work_forever(stop=stop, sleep=Sleeps())
    job.refresh_from_db()
    assert (job.status, job.result, job.attempts) == (Job.Status.DONE, {"done": True}, 2)


def test_a_worker_stopped_in_the_middle_of_a_job_hands_it_back(handler, worker_in_test):
    def interrupted(progress, params):
        raise KeyboardInterrupt  # SIGTERM from the supervisor, or Ctrl+C

    handler("test.interrupted", interrupted)
    job = runner.enqueue("test.interrupted", {})
    with pytest.raises(KeyboardInterrupt):
        runner.work_forever(sleep=Sleeps())
    job.refresh_from_db()
    assert (job.status, job.worker) == (Job.Status.QUEUED, "")
