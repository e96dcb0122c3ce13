"""Deadlines in working days by China's official calendar, the office's exceptions, the pause."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ValidationError

from minsheng.hotline import actions, waiting, workday_actions
from minsheng.hotline.deadlines import Deadlines, Rule
from minsheng.hotline.models import Case, CaseEvent
from minsheng.hotline.workdays import (
    BEIJING,
    Calendar,
    WorkdayException,
    calendar,
    official_holiday_name,
)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BEIJING)


OFFICIAL = Calendar()


class TestTheOfficialCalendar:
    def test_national_day_week_2026_is_off_and_its_adjusted_weekend_days_are_worked(self):
        assert not any(OFFICIAL.is_working(dt.date(2026, 10, d)) for d in range(1, 8))
        assert OFFICIAL.is_working(dt.date(2026, 9, 20))  # a Sunday, worked
        assert OFFICIAL.is_working(dt.date(2026, 10, 10))  # a Saturday, worked

    def test_spring_festival_2025_has_a_worked_sunday_before_it(self):
        assert dt.date(2025, 1, 26).weekday() == 6
        assert OFFICIAL.is_working(dt.date(2025, 1, 26))
        assert not any(OFFICIAL.is_working(dt.date(2025, 1, d)) for d in range(28, 32))
        assert not any(OFFICIAL.is_working(dt.date(2025, 2, d)) for d in range(1, 5))
        assert OFFICIAL.is_working(dt.date(2025, 2, 8))  # a Saturday, worked

    def test_years_the_table_does_not_cover_count_monday_to_friday(self):
        assert OFFICIAL.is_working(dt.date(2030, 10, 1))  # a Tuesday, unknown holiday
        assert not OFFICIAL.is_working(dt.date(2030, 10, 5))


class TestWorkingTime:
    def test_a_day_before_national_day_runs_on_after_the_holiday(self):
        # Wednesday 30 September 2026, 15:00; 1 October to 7 October is the holiday.
        assert OFFICIAL.add(at(2026, 9, 30, 15), dt.timedelta(days=1)) == at(2026, 10, 8, 15)

    def test_three_working_days_over_the_spring_festival_count_the_worked_sunday(self):
        # Friday 24 January 2025, 10:00: Sunday 26th and Monday 27th are worked, then the holiday.
        assert OFFICIAL.add(at(2025, 1, 24, 10), dt.timedelta(days=3)) == at(2025, 2, 5, 10)

    def test_a_case_received_on_a_day_off_starts_its_clock_on_the_next_working_day(self):
        # Saturday 19 September 2026; the next day, a Sunday, is worked.
        assert OFFICIAL.add(at(2026, 9, 19, 10), dt.timedelta(hours=24)) == at(2026, 9, 21)
        assert OFFICIAL.add(at(2026, 10, 3, 9), dt.timedelta(hours=4)) == at(2026, 10, 8, 4)

    def test_working_time_between_two_moments_skips_the_holiday(self):
        spent = OFFICIAL.between(at(2026, 9, 30, 12), at(2026, 10, 8, 12))
        assert spent == dt.timedelta(hours=24)

    def test_adding_and_measuring_agree(self):
        start = at(2025, 1, 20, 17, 30)
        for hours in (1, 7, 24, 50, 24 * 9 + 3):
            end = OFFICIAL.add(start, dt.timedelta(hours=hours))
            assert OFFICIAL.between(start, end) == dt.timedelta(hours=hours)


class TestRules:
    def test_rules_read_as_written(self):
        assert Rule.parse("10 working days") == Rule(dt.timedelta(days=10), True)
        assert Rule.parse("4 hours") == Rule(dt.timedelta(hours=4), False)
        with pytest.raises(ValueError):
            Rule.parse("ten days")

    def test_a_complaint_before_national_day_is_due_ten_working_days_later(self):
        response, handling = Deadlines(OFFICIAL).due("complaint", "normal", at(2026, 9, 28, 9))
        assert response == at(2026, 9, 29, 9)
        # Counted from 28 September: 29, 30; 8, 9, 10 (a worked Saturday), 12 to 16 October.
        assert handling == at(2026, 10, 16, 9)

    def test_an_emergency_runs_in_plain_hours_through_the_holiday(self):
        response, handling = Deadlines(OFFICIAL).due("complaint", "emergency", at(2026, 10, 2, 9))
        assert response == at(2026, 10, 2, 11)
        assert handling == at(2026, 10, 3, 9)

    def test_each_kind_and_urgency_keeps_its_rule_in_the_settings(self, settings):
        settings.HOTLINE_HANDLING_RULES = {"consultation": "2 days"}
        _, handling = Deadlines(OFFICIAL).due("consultation", "normal", at(2026, 10, 1, 9))
        assert handling == at(2026, 10, 3, 9)

    def test_a_malformed_rule_stops_the_platform_at_start_up(self, settings):
        settings.HOTLINE_RESPONSE_RULES = {"normal": "soon"}
        assert "hotline.E003" in {error.id for error in run_checks()}


@pytest.mark.django_db
class TestTheOfficesExceptions:
    def test_a_local_day_off_moves_the_deadlines(self, cast):
        workday_actions.set_workday_exception(
            actor=cast.dispatcher, day=dt.date(2026, 9, 29), working=False, reason="全市停工一天"
        )
        assert not calendar().is_working(dt.date(2026, 9, 29))
        response, _ = Deadlines().due("complaint", "normal", at(2026, 9, 28, 9))
        assert response == at(2026, 9, 30, 9)

    def test_an_exception_that_changes_nothing_is_refused(self, cast):
        with pytest.raises(ValidationError):
            workday_actions.set_workday_exception(
                actor=cast.dispatcher, day=dt.date(2026, 10, 1), working=False, reason="国庆"
            )

    def test_next_years_holidays_can_be_entered_before_the_package_has_them(self, cast):
        workday_actions.set_workday_exception(
            actor=cast.city_admin, day=dt.date(2030, 10, 1), working=False, reason="国庆节"
        )
        assert not calendar().is_working(dt.date(2030, 10, 1))
        assert WorkdayException.objects.get().created_by == cast.city_admin

    def test_units_do_not_edit_the_calendar(self, cast):
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            workday_actions.set_workday_exception(
                actor=cast.unit_staff, day=dt.date(2030, 10, 1), working=False, reason="x"
            )


@pytest.mark.django_db
class TestWaitingForTheCaller:
    def accepted(self, cast, dispatched_case) -> Case:  # type: ignore[no-untyped-def]
        return actions.accept_case(actor=cast.unit_staff, case=dispatched_case)

    def test_the_clock_stops_and_the_deadlines_move_on_by_the_wait(
        self, cast, dispatched_case, freezer_at
    ):
        case = self.accepted(cast, dispatched_case)
        due = case.handling_due
        with freezer_at(case.received_at + dt.timedelta(hours=1)):
            case = waiting.wait_for_caller(actor=cast.unit_staff, case=case, reason="来电人出差")
            assert not case.is_overdue(due + dt.timedelta(days=30))
            assert not Case.objects.filter(pk=case.pk).overdue(due + dt.timedelta(days=30))
        resumed_at = case.waiting_since + dt.timedelta(days=7)
        with freezer_at(resumed_at):
            case = waiting.resume(actor=cast.unit_staff, case=case)
        waited = calendar().between(resumed_at - dt.timedelta(days=7), resumed_at)
        assert case.handling_due == calendar().add(due, waited)
        assert case.waiting_since is None
        kinds = list(case.events.values_list("kind", flat=True))
        assert CaseEvent.Kind.WAITING in kinds and CaseEvent.Kind.RESUMED in kinds

    def test_recording_the_result_ends_the_wait(self, cast, dispatched_case):
        case = self.accepted(cast, dispatched_case)
        case = actions.record_contact(actor=cast.unit_staff, case=case, note="已联系")
        case = waiting.wait_for_caller(actor=cast.unit_staff, case=case, reason="等来电人提供材料")
        case = actions.record_result(
            actor=cast.unit_staff, case=case, result="resolved", resolution="已处理"
        )
        assert case.waiting_since is None
        assert case.events.filter(kind=CaseEvent.Kind.RESUMED).exists()

    def test_only_the_lead_unit_stops_the_clock_and_only_on_an_accepted_case(
        self, cast, dispatched_case
    ):
        from django.core.exceptions import PermissionDenied

        with pytest.raises(ValidationError):  # not accepted yet
            waiting.wait_for_caller(actor=cast.unit_staff, case=dispatched_case, reason="x")
        with pytest.raises(PermissionDenied):
            waiting.wait_for_caller(actor=cast.dispatcher, case=dispatched_case, reason="x")


def test_an_official_holiday_is_named_in_chinese_and_a_working_day_has_no_name():
    assert official_holiday_name(dt.date(2024, 10, 1)) == "国庆节"
    assert official_holiday_name(dt.date(2024, 2, 12)) == "春节"
    assert official_holiday_name(dt.date(2024, 10, 8)) == ""
