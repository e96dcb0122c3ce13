"""The three rates and the composite score, on hand-computed examples."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from minsheng.hotline import actions, stats
from minsheng.hotline.importing import import_cases
from minsheng.hotline.models import Case, DistrictMonth, UnitMonth, VolumeMonth

HEADER = (
    "number,received_at,kind,content,district,subdistrict,category,handling_unit,"
    "responded_at,handled_at,closed_at,result,resolved,satisfied"
)
# Jinsong office, March 2025 (normal complaints: respond within 24 h, handle within 15 days).
ROWS = [
    # on time, resolved, satisfied
    "J1,2025-03-01 09:00,complaint,a,朝阳区,劲松街道,030101,SD-110105017,2025-03-01 10:00,2025-03-03 09:00,2025-03-04 09:00,resolved,yes,satisfied",
    # on time, partly resolved by the unit but the caller says resolved; basically satisfied
    "J2,2025-03-02 09:00,complaint,b,朝阳区,劲松街道,030101,SD-110105017,2025-03-02 12:00,2025-03-05 09:00,2025-03-06 09:00,partly_resolved,yes,basically_satisfied",
    # late response, not resolved, dissatisfied
    "J3,2025-03-03 09:00,complaint,c,朝阳区,劲松街道,030101,SD-110105017,2025-03-05 09:00,2025-03-10 09:00,2025-03-11 09:00,not_resolved,no,dissatisfied",
    # on time, the caller did not answer the call-back: in no survey denominator
    "J4,2025-03-04 09:00,complaint,d,朝阳区,劲松街道,030101,SD-110105017,2025-03-04 10:00,2025-03-05 09:00,2025-03-06 09:00,resolved,,no_answer",
    # another unit, another district
    "H1,2025-03-04 09:00,complaint,e,海淀区,万寿路街道,020201,SD-110108001,2025-03-04 10:00,,,,,",
]


@pytest.fixture
def march(cast, categories, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "march.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    summary = import_cases(path)
    assert not summary.rejected, summary.rejected
    stats.compute_month(dt.date(2025, 3, 1), now=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    return UnitMonth.objects.get(unit__code="SD-110105017", month=dt.date(2025, 3, 1))


def test_response_rate_counts_contact_by_the_deadline(march):
    assert (march.response_due, march.responded_on_time) == (4, 3)
    assert march.response_rate == 75.0


def test_resolution_rate_is_the_callers_word_among_answered_call_backs(march):
    assert (march.surveyed, march.resolved_yes) == (3, 2)
    assert march.resolution_rate == pytest.approx(66.67)


def test_basically_satisfied_counts_at_its_weight(march):
    # (1 satisfied + 0.8 × 1 basically satisfied) / 3 answered
    assert march.satisfaction_rate == pytest.approx(60.0)


def test_composite_uses_the_weights(march, settings):
    expected = (10 * 75 + 45 * 66.67 + 45 * 60) / 100
    assert march.composite == pytest.approx(expected, abs=0.01)
    settings.HOTLINE_WEIGHTS = (30, 35, 35)
    assert stats.composite(75, 66.67, 60) == pytest.approx(
        (30 * 75 + 35 * 66.67 + 35 * 60) / 100, abs=0.01
    )


def test_units_and_districts_are_ranked(settings, march):
    settings.HOTLINE_RANKING_MIN_CASES = 1
    stats.compute_month(dt.date(2025, 3, 1), now=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    march = UnitMonth.objects.get(unit__code="SD-110105017")
    haidian = UnitMonth.objects.get(unit__code="SD-110108001")
    assert haidian.rank_city in (1, 2) and march.rank_city in (1, 2)
    assert march.rank_district == 1
    assert DistrictMonth.objects.filter(month=dt.date(2025, 3, 1)).count() == 2


def test_a_unit_with_fewer_cases_than_the_minimum_is_shown_but_not_ranked(settings, march):
    assert march.cases == 4 and march.composite is not None
    assert march.rank_city is None and march.rank_district is None
    settings.HOTLINE_RANKING_MIN_CASES = 4
    stats.compute_month(dt.date(2025, 3, 1), now=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    ranked = UnitMonth.objects.get(unit__code="SD-110105017")
    assert (
        ranked.rank_city == 1 and UnitMonth.objects.get(unit__code="SD-110108001").rank_city is None
    )


def test_an_excluded_case_leaves_the_rates_with_an_audit_trail(march, cast):
    case = Case.objects.get(number="J3")
    actions.exclude_case(actor=cast.city_admin, case=case, reason="要求赔偿百万，诉求不合理")
    stats.compute_month(dt.date(2025, 3, 1), now=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    row = UnitMonth.objects.get(unit__code="SD-110105017", month=dt.date(2025, 3, 1))
    assert (row.cases, row.excluded, row.response_rate) == (3, 1, 100.0)
    from minsheng.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="hotline.excluded", target_id=str(case.pk)).exists()
    assert case.events.filter(kind="excluded").exists()


def test_the_command_is_idempotent(march):
    call_command("update_hotline_stats", month=["2025-03"], verbosity=0)
    first = list(VolumeMonth.objects.order_by("id").values("category", "kind", "cases"))
    call_command("update_hotline_stats", month=["2025-03"], verbosity=0)
    again = list(VolumeMonth.objects.order_by("id").values("category", "kind", "cases"))
    assert sorted(map(str, first)) == sorted(map(str, again))
    assert UnitMonth.objects.filter(month=dt.date(2025, 3, 1)).count() == 2


def test_rates_without_data_are_unknown_not_zero():
    counts = dict.fromkeys(stats.COUNT_FIELDS, 0)
    assert stats.rates(counts) == {
        "response_rate": None,
        "resolution_rate": None,
        "satisfaction_rate": None,
        "composite": None,
    }
