"""Who may do what to a case, in scope and out of scope."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minsheng import access
from minsheng.audit.models import AuditEntry
from minsheng.hotline import actions, dispatching
from minsheng.hotline.models import Case, DispatchRule, Status
from minsheng.people.models import Organisation

from .conftest import other_district_case

BEIJING = ZoneInfo("Asia/Shanghai")


def test_the_dispatcher_records_a_call_with_deadlines_and_an_audit_row(new_case):
    assert re.fullmatch(
        f"{new_case.received_at.astimezone(BEIJING):%Y%m%d}\\d{{6}}", new_case.number
    )
    assert new_case.status == Status.RECEIVED
    assert new_case.response_due and new_case.handling_due > new_case.response_due
    assert new_case.caller_phone_masked == "138****5678"
    assert AuditEntry.objects.filter(action="hotline.receive_case").exists()
    assert "13812345678" not in str(AuditEntry.objects.values_list("after", flat=True)[0])


def test_only_dispatchers_record_calls(cast, jinsong):
    for user in (cast.unit_staff, cast.leader, cast.outsider, cast.elder):
        with pytest.raises(PermissionDenied):
            actions.receive_case(actor=user, content="x", subdistrict=jinsong)


def test_unit_staff_cannot_dispatch(cast, new_case, jinsong_office):
    with pytest.raises(PermissionDenied):
        actions.dispatch_case(actor=cast.unit_staff, case=new_case, unit=jinsong_office)


def test_only_handling_units_receive_cases(cast, new_case):
    station = Organisation.objects.get(code="ST-110105017")
    with pytest.raises(ValidationError):
        actions.dispatch_case(actor=cast.dispatcher, case=new_case, unit=station)


def test_the_unit_sees_and_handles_its_own_cases_only(cast, dispatched_case, housing):
    visible = access.scope(cast.unit_staff, "hotline.view_case", Case.objects.all())
    assert list(visible) == [dispatched_case]
    assert not access.scope(cast.department_staff, "hotline.view_case", Case.objects.all())
    with pytest.raises(PermissionDenied):
        actions.accept_case(actor=cast.department_staff, case=dispatched_case)


def test_a_cooperating_unit_sees_the_case_but_cannot_move_it(
    cast, new_case, jinsong_office, housing
):
    case = actions.dispatch_case(
        actor=cast.dispatcher, case=new_case, unit=jinsong_office, cooperating=[housing]
    )
    assert access.can(cast.department_staff, "hotline.view_case", case)
    with pytest.raises(PermissionDenied):
        actions.accept_case(actor=cast.department_staff, case=case)
    actions.add_note(actor=cast.department_staff, case=case, note="已协调维保单位")


def test_the_district_administrator_sees_only_the_district(cast, new_case):
    haidian = other_district_case(cast)
    visible = set(access.scope(cast.chaoyang_admin, "hotline.view_case", Case.objects.all()))
    assert new_case in visible and haidian not in visible
    with pytest.raises(PermissionDenied):
        actions.exclude_case(actor=cast.chaoyang_admin, case=haidian, reason="不合理")
    actions.exclude_case(actor=cast.chaoyang_admin, case=new_case, reason="不合理诉求")


def test_the_leader_sees_everything_and_changes_nothing(cast, new_case, jinsong_office):
    assert access.can(cast.leader, "hotline.view_case", new_case)
    with pytest.raises(PermissionDenied):
        actions.dispatch_case(actor=cast.leader, case=new_case, unit=jinsong_office)


def test_outsiders_and_residents_see_no_cases(cast, new_case):
    for user in (cast.outsider, cast.elder, cast.volunteer, cast.station_operator):
        assert not access.scope(user, "hotline.view_case", Case.objects.all()).exists()


def test_returning_needs_a_reason(cast, dispatched_case):
    with pytest.raises(ValidationError):
        actions.return_case(actor=cast.unit_staff, case=dispatched_case, reason=" ")


def test_revealing_the_caller_is_audited(cast, dispatched_case):
    shown = actions.reveal_caller(viewer=cast.unit_staff, case=dispatched_case)
    assert shown == {"name": "张桂芳", "phone": "13812345678"}
    assert AuditEntry.objects.filter(action="hotline.reveal_caller").count() == 1
    with pytest.raises(PermissionDenied):
        actions.reveal_caller(viewer=cast.leader, case=dispatched_case)


class TestSuggestion:
    def test_by_default_the_sub_district_office_where_it_happened(self, new_case):
        suggestion = dispatching.suggest(new_case)
        assert suggestion.unit.code == "SD-110105017" and suggestion.rule is None

    def test_a_category_rule_sends_it_to_a_department(self, cast, new_case, housing, categories):
        rule = actions.save_dispatch_rule(
            actor=cast.city_admin,
            category=categories["0302"],
            region=None,
            target="unit",
            unit=housing,
        )
        suggestion = dispatching.suggest(new_case)
        assert suggestion.unit == housing and suggestion.rule == rule

    def test_the_most_specific_rule_wins(self, cast, new_case, housing, categories, beijing):
        actions.save_dispatch_rule(
            actor=cast.city_admin,
            category=categories["03"],
            region=None,
            target="unit",
            unit=housing,
        )
        local = actions.save_dispatch_rule(
            actor=cast.city_admin,
            category=categories["03"],
            region=beijing["110105"],
            target="subdistrict",
        )
        assert dispatching.suggest(new_case).rule == local
        assert dispatching.suggest(new_case).unit.code == "SD-110105017"

    def test_saving_a_rule_for_the_same_cell_replaces_the_old_one(self, cast, categories, housing):
        first = actions.save_dispatch_rule(
            actor=cast.city_admin,
            category=categories["03"],
            region=None,
            target="unit",
            unit=housing,
        )
        actions.save_dispatch_rule(
            actor=cast.city_admin, category=categories["03"], region=None, target="subdistrict"
        )
        first.refresh_from_db()
        assert not first.is_active
        assert DispatchRule.objects.filter(is_active=True).count() == 1

    def test_district_administrators_make_rules_only_in_their_district(
        self, cast, categories, beijing
    ):
        with pytest.raises(PermissionDenied):
            actions.save_dispatch_rule(
                actor=cast.chaoyang_admin,
                category=categories["03"],
                region=beijing["110108"],
                target="subdistrict",
            )
        actions.save_dispatch_rule(
            actor=cast.chaoyang_admin,
            category=categories["03"],
            region=beijing["110105"],
            target="subdistrict",
        )


def test_similar_text_at_the_same_place_is_a_duplicate_candidate(cast, new_case, jinsong):
    twin = actions.receive_case(
        actor=cast.dispatcher,
        subdistrict=jinsong,
        content="劲松三区5号楼的电梯坏了好几天了，老人下不了楼",
    )
    other = actions.receive_case(
        actor=cast.dispatcher, subdistrict=jinsong, content="路口红绿灯时间太短"
    )
    candidates = [case for case, score in dispatching.duplicate_candidates(twin)]
    assert new_case in candidates and other not in candidates
