"""The status machine, in Python and in PostgreSQL."""

from __future__ import annotations

import importlib

import psycopg
import pytest
from django.db import DatabaseError, connection, transaction

from minsheng.hotline import actions, states
from minsheng.hotline.models import Case, CaseEvent, Status
from tests.database import as_owner


def test_the_trigger_knows_the_same_map_as_python():
    migration = importlib.import_module("minsheng.hotline.migrations.0009_answered_on_the_call")
    assert migration.ALLOWED_PAIRS.replace(" ", "") == states.allowed_pairs_sql().replace(" ", "")


def test_every_status_has_an_entry_and_end_states_lead_nowhere():
    assert set(states.ALLOWED) == set(Status.values)
    assert states.ALLOWED[Status.MERGED] == frozenset()


def test_a_case_goes_from_received_to_closed(cast, handled_case):
    case = actions.record_callback(
        actor=cast.dispatcher, case=handled_case, resolved=True, satisfaction="satisfied"
    )
    assert case.status == Status.CLOSED
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [
        "received",
        "dispatched",
        "accepted",
        "responded",
        "handled",
        "surveyed",
        "closed",
    ]
    assert case.responded_at and case.handled_at and case.closed_at


def test_an_illegal_move_raises_and_changes_nothing(cast, new_case):
    with pytest.raises(states.IllegalTransition):
        actions.record_callback(
            actor=cast.dispatcher, case=new_case, resolved=True, satisfaction="satisfied"
        )
    new_case.refresh_from_db()
    assert new_case.status == Status.RECEIVED
    assert new_case.events.count() == 1


def test_a_disputed_result_reopens_the_case_for_the_same_unit(cast, handled_case):
    case = actions.record_callback(
        actor=cast.dispatcher,
        case=handled_case,
        resolved=False,
        satisfaction="dissatisfied",
        reopen=True,
    )
    assert case.status == Status.ACCEPTED
    assert case.lead_unit.code == "SD-110105017"
    assert case.handled_at is None and case.result == ""
    assert case.events.filter(kind="reopened").count() == 1


def test_a_closed_case_can_be_reopened_by_the_dispatcher(cast, handled_case):
    closed = actions.record_callback(
        actor=cast.dispatcher, case=handled_case, resolved=True, satisfaction="satisfied"
    )
    case = actions.reopen_case(actor=cast.dispatcher, case=closed, note="来电人称问题仍在")
    assert case.status == Status.ACCEPTED and case.closed_at is None


def test_a_returned_case_waits_for_re_dispatch(cast, dispatched_case, housing):
    case = actions.return_case(actor=cast.unit_staff, case=dispatched_case, reason="属住建委职责")
    assert case.status == Status.RETURNED and case.lead_unit is None
    case = actions.dispatch_case(actor=cast.dispatcher, case=case, unit=housing)
    assert case.status == Status.DISPATCHED
    assert case.events.filter(kind="dispatched").count() == 2


def test_duplicates_are_merged_into_a_master(cast, new_case, jinsong):
    twin = actions.receive_case(
        actor=cast.dispatcher, content="劲松三区5号楼电梯坏了", subdistrict=jinsong
    )
    merged = actions.merge_case(actor=cast.dispatcher, duplicate=twin, master=new_case)
    assert merged.status == Status.MERGED and merged.master == new_case
    with pytest.raises(states.IllegalTransition):
        actions.merge_case(actor=cast.dispatcher, duplicate=merged, master=new_case)


@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_an_illegal_move_even_through_update(cast, new_case):
    with pytest.raises(DatabaseError, match="not allowed"), transaction.atomic():
        Case.objects.filter(pk=new_case.pk).update(status=Status.HANDLED)
    new_case.refresh_from_db()
    assert new_case.status == Status.RECEIVED


@pytest.mark.django_db(transaction=True)
def test_case_events_are_append_only(cast, new_case):
    event = new_case.events.get()
    # The application's role has no such privilege; the owner meets the trigger.
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        CaseEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        CaseEvent.objects.filter(pk=event.pk).delete()
    for statement in (
        "UPDATE hotline_caseevent SET note = 'x' WHERE id = %s",
        "DELETE FROM hotline_caseevent WHERE id = %s",
    ):
        with pytest.raises(psycopg.Error, match="append-only"):
            as_owner(statement, [event.pk])


@pytest.mark.django_db(transaction=True)
def test_a_dispatched_case_must_have_a_unit(cast, dispatched_case):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hotline_case SET lead_unit_id = NULL WHERE id = %s", [dispatched_case.pk]
        )
