"""Urging and supervision of each case, with a controlled clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from minsheng.audit.models import AuditEntry
from minsheng.hotline import actions, urging, waiting
from minsheng.hotline.models import Case, CaseEvent
from minsheng.hotline.urging import Signal, Urging, urge_due_cases

HOUR = dt.timedelta(hours=1)


def test_a_fresh_case_is_green_then_amber_near_its_deadline_then_red(dispatched_case):
    case = dispatched_case
    assert urging.signal(case, case.received_at + HOUR) == Signal.GREEN
    assert urging.signal(case, case.response_due - HOUR) == Signal.AMBER
    assert urging.signal(case, case.response_due + HOUR) == Signal.RED


def test_the_lead_unit_is_urged_once_at_amber_and_its_head_once_at_red(dispatched_case):
    case = dispatched_case
    near = case.response_due - HOUR
    assert urge_due_cases(now=near) == {"amber": 1}
    assert urge_due_cases(now=near + dt.timedelta(minutes=15)) == {}
    late = case.response_due + HOUR
    assert urge_due_cases(now=late) == {"red": 1}
    assert urge_due_cases(now=late + HOUR) == {}
    kinds = list(Urging.objects.filter(case=case).order_by("at").values_list("kind", flat=True))
    assert kinds == ["amber", "red"]
    events = case.events.filter(kind=CaseEvent.Kind.URGED).order_by("at")
    assert [e.data["to_head"] for e in events] == [False, True]
    assert {e.unit.code for e in events} == {"SD-110105017"}
    assert AuditEntry.objects.filter(action="hotline.urge_red").count() == 1


def test_a_case_waiting_for_the_caller_is_not_urged(cast, dispatched_case):
    case = actions.accept_case(actor=cast.unit_staff, case=dispatched_case)
    case = waiting.wait_for_caller(actor=cast.unit_staff, case=case, reason="来电人住院")
    assert urging.signal(case, case.handling_due + HOUR) == Signal.GREEN
    assert urge_due_cases(now=case.handling_due + HOUR) == {}


def test_a_handled_case_is_not_urged(handled_case):
    assert urge_due_cases(now=handled_case.handling_due + HOUR) == {}


def test_the_periodic_job_is_in_the_schedule():
    from minsheng.jobs.schedule import PERIODIC

    assert "hotline.urge_cases" in PERIODIC


class TestUrgingByHand:
    def test_the_district_urges_with_a_reason_and_it_counts_for_the_unit(
        self, cast, dispatched_case
    ):
        urging.urge_case(actor=cast.chaoyang_admin, case=dispatched_case, reason="群众反映强烈")
        found = Urging.objects.get(case=dispatched_case)
        assert (found.kind, found.by, found.unit.code) == (
            "urging",
            cast.chaoyang_admin,
            "SD-110105017",
        )
        assert AuditEntry.objects.filter(action="hotline.urge_urging").exists()
        counts = urging.counts_by_unit(found.at - HOUR, found.at + HOUR)
        assert counts == {found.unit_id: {"urging": 1}}

    def test_a_supervision_order_puts_the_case_on_the_districts_board(
        self, cast, dispatched_case, client
    ):
        urging.urge_case(
            actor=cast.dispatcher, case=dispatched_case, reason="多次投诉", supervision=True
        )
        assert dispatched_case.events.filter(kind=CaseEvent.Kind.SUPERVISED).exists()
        client.force_login(cast.chaoyang_admin)
        page = client.get(reverse("hotline:supervision"), {"district": "110105"})
        assert page.status_code == 200
        assert dispatched_case.number in page.content.decode()

    def test_no_reason_no_urging(self, cast, dispatched_case):
        with pytest.raises(ValidationError):
            urging.urge_case(actor=cast.dispatcher, case=dispatched_case, reason=" ")

    @pytest.mark.parametrize("role", ["unit_staff", "department_staff", "outsider"])
    def test_units_and_outsiders_do_not_urge(self, cast, dispatched_case, role):
        with pytest.raises(PermissionDenied):
            urging.urge_case(actor=getattr(cast, role), case=dispatched_case, reason="x")

    def test_a_case_awaiting_dispatch_has_no_unit_to_urge(self, cast, new_case):
        with pytest.raises(ValidationError):
            urging.urge_case(actor=cast.dispatcher, case=new_case, reason="x")

    def test_the_case_page_offers_urging_to_the_dispatcher(self, cast, dispatched_case, client):
        client.force_login(cast.dispatcher)
        page = client.get(reverse("hotline:case", args=[dispatched_case.number]))
        assert reverse("hotline:urge", args=[dispatched_case.number]) in page.content.decode()
        response = client.post(
            reverse("hotline:urge", args=[dispatched_case.number]), {"reason": "请加快"}
        )
        assert response.status_code == 302
        assert Urging.objects.filter(case=dispatched_case, kind="urging").exists()


class TestCooperatingUnits:
    @pytest.fixture
    def shared_case(self, cast, new_case, jinsong_office, housing) -> Case:  # type: ignore[no-untyped-def]
        return actions.dispatch_case(
            actor=cast.dispatcher, case=new_case, unit=jinsong_office, cooperating=[housing]
        )

    def test_the_workbench_says_who_leads_and_who_assists(self, cast, shared_case, client):
        client.force_login(cast.department_staff)
        assists = client.get(reverse("hotline:workbench")).content.decode()
        assert shared_case.number in assists and "协办" in assists
        client.force_login(cast.unit_staff)
        leads = client.get(reverse("hotline:workbench")).content.decode()
        assert "主办" in leads

    def test_the_lead_unit_reads_the_cooperating_units_reply(self, cast, shared_case, client):
        actions.add_note(actor=cast.department_staff, case=shared_case, note="住建委已督促物业维修")
        reply = shared_case.events.get(kind=CaseEvent.Kind.NOTE)
        assert reply.unit.code == "BJ-ZJW"
        client.force_login(cast.unit_staff)
        page = client.get(reverse("hotline:case", args=[shared_case.number])).content.decode()
        assert "住建委已督促物业维修" in page
