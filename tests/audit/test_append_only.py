"""The audit log cannot be rewritten, not even with raw SQL (tests that really commit)."""

import psycopg
import pytest
from django.db import DatabaseError, connection, transaction

from minsheng.audit.actions import record
from minsheng.audit.context import ActingContext, acting
from minsheng.audit.models import AuditEntry
from tests.database import as_owner

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_application_may_not_update_or_delete_an_entry(cast):
    entry = record(action="test.action", target=cast.elder, actor=cast.city_admin)
    for statement in (
        "UPDATE audit_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="permission denied"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.action"


def test_not_even_the_owner_may_update_or_delete_an_entry(cast):
    entry = record(action="test.action", target=cast.elder, actor=cast.city_admin)
    with pytest.raises(psycopg.Error, match="append-only: UPDATE"):
        as_owner("UPDATE audit_auditentry SET action = 'x' WHERE id = %s", [entry.pk])
    with pytest.raises(psycopg.Error, match="append-only: DELETE"):
        as_owner("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.action"


def test_an_entry_records_actor_address_channel_and_region(cast):
    with acting(ActingContext(user=cast.station_operator, ip="10.1.2.3", channel="web")):
        entry = record(action="test.proxy", target=cast.elder, on_behalf_of=cast.elder)
    assert entry.actor == cast.station_operator
    assert entry.on_behalf_of == cast.elder
    assert (entry.ip, entry.channel) == ("10.1.2.3", "web")
    assert entry.region_path == cast.elder.home_region.path


def test_an_entry_written_in_a_rolled_back_change_disappears_with_it(cast):
    with pytest.raises(RuntimeError), transaction.atomic():
        record(action="test.rolled_back", target=cast.elder, actor=cast.city_admin)
        raise RuntimeError("the change failed")
    assert not AuditEntry.objects.filter(action="test.rolled_back").exists()
