"""Reads of reports and dashboards go to the standby when one is configured; nothing else does."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from minsheng.core.database import routing
from minsheng.core.database.routing import REPLICA, ReplicaRouter, reads_from_replica, replica_reads
from minsheng.timebank.models import Account


def test_reads_in_a_replica_block_go_to_the_standby():
    router = ReplicaRouter(aliases={"default", REPLICA})
    assert router.db_for_read(Account) is None
    with replica_reads():
        assert router.db_for_read(Account) == REPLICA
        assert router.db_for_write(Account) == "default"
    assert router.db_for_read(Account) is None


def test_without_a_standby_everything_stays_on_the_primary():
    router = ReplicaRouter(aliases={"default"})
    with replica_reads():
        assert router.db_for_read(Account) is None


def test_the_standby_is_never_migrated():
    router = ReplicaRouter(aliases={"default", REPLICA})
    assert router.allow_migrate("default", "timebank") is True
    assert router.allow_migrate(REPLICA, "timebank") is False


def test_decorated_views_read_from_the_standby():
    router = ReplicaRouter(aliases={"default", REPLICA})

    @reads_from_replica
    def view() -> str | None:
        return router.db_for_read(Account)

    assert view() == REPLICA
    assert router.db_for_read(Account) is None


def test_the_replica_url_adds_a_mirrored_alias(monkeypatch):
    monkeypatch.delenv(routing.REPLICA_URL, raising=False)
    assert routing.replica_settings() is None
    monkeypatch.setenv(routing.REPLICA_URL, "postgres://minsheng_app:pw@standby:5432/minsheng")
    replica = routing.replica_settings()
    assert replica is not None
    assert (replica["HOST"], replica["NAME"], replica["ENGINE"]) == (
        "standby",
        "minsheng",
        routing.ENGINE,
    )
    assert replica["TEST"] == {"MIRROR": "default"}


def test_the_ledger_waits_for_the_standby_only_when_there_is_one(monkeypatch):
    monkeypatch.delenv(routing.SYNCHRONOUS_COMMIT, raising=False)
    assert routing.ledger_synchronous_commit(replica_configured=True) == "remote_apply"
    assert routing.ledger_synchronous_commit(replica_configured=False) == ""
    monkeypatch.setenv(routing.SYNCHRONOUS_COMMIT, "on")
    assert routing.ledger_synchronous_commit(replica_configured=True) == "on"
    monkeypatch.setenv(routing.SYNCHRONOUS_COMMIT, "sometimes")
    with pytest.raises(ImproperlyConfigured):
        routing.ledger_synchronous_commit(replica_configured=True)


@pytest.mark.django_db(transaction=True)
def test_a_posting_is_acknowledged_at_the_configured_level(settings):
    """The wait after a posting commits at the level, and the session keeps its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from minsheng.timebank.ledger import posting

    settings.LEDGER_SYNCHRONOUS_COMMIT = "remote_apply"
    with CaptureQueriesContext(connection) as queries:
        posting._wait_until_durable()
    assert "'remote_apply'" in queries[-1]["sql"]
    assert "pg_logical_emit_message(true" in queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
