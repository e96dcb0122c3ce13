"""Probes for load balancers, and a friendly 503 while the database restarts."""

import datetime as dt

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from minsheng.jobs.leases import Heartbeat
from minsheng.jobs.models import WorkerHeartbeat
from minsheng.web import health


def test_liveness_never_touches_the_database(client):
    response = client.get("/healthz")  # without the django_db mark, a query would fail the test
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_probes_are_answered_whatever_the_host_a_balancer_uses(client):
    assert client.get("/healthz", HTTP_HOST="10.1.2.3").status_code == 200


@pytest.mark.django_db
def test_ready_when_the_database_answers_migrations_are_applied_and_a_worker_lives(client):
    Heartbeat("worker-host:1:abc").beat()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "worker": "ok"},
    }


@pytest.mark.django_db
def test_not_ready_without_a_worker_sign_of_life(client):
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    WorkerHeartbeat.objects.create(name="gone:1:abc", started_at=long_ago, seen_at=long_ago)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] != "ok"


@pytest.mark.django_db
def test_the_worker_check_can_be_switched_off_where_no_worker_runs(client, settings):
    settings.MINSHENG_READY_NEEDS_WORKER = False
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_not_ready_with_migrations_pending(client, monkeypatch):
    Heartbeat("worker-host:1:abc").beat()
    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(
        "django.db.migrations.executor.MigrationExecutor.migration_plan",
        lambda self, targets: [("pending", False)],
    )
    response = client.get("/readyz")
    assert (response.status_code, response.json()["checks"]["migrations"]) == (503, "pending")


@pytest.mark.django_db
def test_not_ready_while_the_database_is_unreachable(client, monkeypatch):
    def refused(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", refused)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("unreachable")


@pytest.fixture
def outage_urls(settings):
    settings.ROOT_URLCONF = "tests.web.outage_urls"


def test_a_page_meeting_a_lost_connection_answers_503_with_a_friendly_page(outage_urls):
    response = Client(raise_request_exception=False).get("/outage/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "片刻" in response.content.decode()


def test_the_api_answers_503_in_its_own_error_shape(outage_urls):
    response = Client(raise_request_exception=False).get("/api/outage/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"
    assert "back in a moment" in response.json()["error"]["message"]


@pytest.mark.django_db
def test_a_lost_connection_in_the_middleware_answers_503_too(client, monkeypatch, cast):
    """The session is read by middleware: its errors reach the 500 handler, not the view."""
    client.force_login(cast.volunteer)

    def refused(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(SessionStore, "load", refused)
    browser = Client(raise_request_exception=False)
    browser.cookies = client.cookies
    response = browser.get("/home/")
    assert response.status_code == 503
