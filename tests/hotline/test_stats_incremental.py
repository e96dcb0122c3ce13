"""The incremental refresh: triggers mark the months whose cases changed, a passing deadline
marks its month too, and recomputing only those gives what a full recomputation gives."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from minsheng.hotline import actions, stats
from minsheng.hotline.importing import import_cases
from minsheng.hotline.models import (
    Case,
    CommunityMonth,
    ComputedMonth,
    DistrictMonth,
    DistrictVolumeMonth,
    StaleMonth,
    UnitMonth,
    VolumeMonth,
)

from .test_stats import HEADER, ROWS

MARCH, APRIL = dt.date(2025, 3, 1), dt.date(2025, 4, 1)
JUNE = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
# An April case of the same unit, answered and closed.
APRIL_ROW = (
    "A1,2025-04-02 09:00,complaint,f,朝阳区,劲松街道,030101,SD-110105017,2025-04-02 10:00,"
    "2025-04-03 09:00,2025-04-04 09:00,resolved,yes,satisfied"
)


@pytest.fixture
def imported(cast, categories, tmp_path):  # type: ignore[no-untyped-def]
    """Four March cases of the Jinsong office, one of Haidian, one April case: not computed."""
    path = tmp_path / "cases.csv"
    path.write_text("\n".join([HEADER, *ROWS, APRIL_ROW]) + "\n", encoding="utf-8")
    assert not import_cases(path).rejected


@pytest.fixture
def two_months(imported):  # type: ignore[no-untyped-def]
    stats.update_changed_stats(now=JUNE)


def aggregates() -> list[str]:
    """Every aggregate row, without ids and computation times, in a stable order."""
    rows: list[str] = []
    for model in (UnitMonth, DistrictMonth, VolumeMonth, DistrictVolumeMonth, CommunityMonth):
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in ("id",)]
        fields = [name for name in fields if name != "computed_at"]
        rows += sorted(f"{model.__name__} {row}" for row in model.objects.values_list(*fields))
    return rows


def test_importing_cases_marks_their_months_and_the_refresh_clears_them(imported):
    assert set(StaleMonth.objects.values_list("month", flat=True)) == {MARCH, APRIL}
    assert stats.update_changed_stats(now=JUNE) == [MARCH, APRIL]
    assert not StaleMonth.objects.exists()
    assert stats.changed_months(JUNE) == []


def test_changing_one_case_recomputes_its_month_only_and_as_a_full_run_would(two_months, cast):
    actions.exclude_case(
        actor=cast.city_admin, case=Case.objects.get(number="J3"), reason="诉求不合理"
    )
    april_before = ComputedMonth.objects.get(month=APRIL).computed_at
    later = JUNE + dt.timedelta(hours=1)
    assert stats.update_changed_stats(now=later) == [MARCH]
    assert ComputedMonth.objects.get(month=APRIL).computed_at == april_before
    incremental = aggregates()
    assert UnitMonth.objects.get(unit__code="SD-110105017", month=MARCH).excluded == 1
    stats.update_stats(now=later)  # every month, from scratch
    assert aggregates() == incremental


def test_a_case_moved_across_months_marks_both(two_months):
    # 15:00 UTC on 31 March is 23:00 in Beijing, still March: the April case moves to March.
    Case.objects.filter(number="A1").update(received_at=dt.datetime(2025, 3, 31, 15, tzinfo=dt.UTC))
    assert set(StaleMonth.objects.values_list("month", flat=True)) == {MARCH, APRIL}


def test_a_deadline_passing_marks_its_month_without_any_change(two_months):
    # H1 (March, Haidian) was never handled: its handling deadline passes on a later day.
    case = Case.objects.get(number="H1")
    due = JUNE + dt.timedelta(days=3)
    Case.objects.filter(pk=case.pk).update(handling_due=due)
    stats.update_changed_stats(now=JUNE)
    assert stats.changed_months(due - dt.timedelta(minutes=1)) == []
    assert stats.changed_months(due + dt.timedelta(minutes=1)) == [MARCH]
    late = UnitMonth.objects.get(unit__code="SD-110108001", month=MARCH).overdue
    stats.update_changed_stats(now=due + dt.timedelta(minutes=1))
    assert UnitMonth.objects.get(unit__code="SD-110108001", month=MARCH).overdue == late + 1


def test_the_command_recomputes_only_the_changed_months_unless_told_all(two_months, cast):
    Case.objects.filter(number="A1").update(title="changed")
    call_command("update_hotline_stats", verbosity=0)
    assert not StaleMonth.objects.exists()
    march = ComputedMonth.objects.get(month=MARCH).computed_at
    call_command("update_hotline_stats", "--all", verbosity=0)
    assert ComputedMonth.objects.get(month=MARCH).computed_at > march


def test_a_failed_computation_leaves_the_month_marked(two_months, monkeypatch):
    Case.objects.filter(number="A1").update(title="changed")

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the database went away")

    monkeypatch.setattr(stats, "_replace_month", broken)
    with pytest.raises(RuntimeError):
        stats.update_changed_stats(now=JUNE)
    assert StaleMonth.objects.filter(month=APRIL).exists()


def test_the_months_are_beijing_months(two_months):
    # 17:00 UTC on 31 March is 01:00 on 1 April in Beijing: the April case stays in April.
    Case.objects.filter(number="A1").update(received_at=dt.datetime(2025, 3, 31, 17, tzinfo=dt.UTC))
    assert list(StaleMonth.objects.values_list("month", flat=True)) == [APRIL]


@pytest.mark.django_db(transaction=True)
def test_the_worker_refreshes_the_months_and_commits_each_one(imported, monkeypatch):
    """The periodic refresh runs outside any transaction: a month that fails leaves the months
    before it computed and committed, itself marked for the next run, and its error recorded."""
    from minsheng.jobs import schedule
    from minsheng.jobs.models import PeriodicRun

    replace = stats._replace_month

    def failing_in_april(month, now):  # type: ignore[no-untyped-def]
        if month == APRIL:
            raise RuntimeError("April could not be computed")
        return replace(month, now)

    refresh = schedule.PERIODIC["hotline.refresh_stats"]
    monkeypatch.setattr(schedule, "PERIODIC", {refresh.name: refresh})
    monkeypatch.setattr(stats, "_replace_month", failing_in_april)
    assert schedule.run_due(force=True) == ["hotline.refresh_stats"]
    assert list(ComputedMonth.objects.values_list("month", flat=True)) == [MARCH]
    assert list(StaleMonth.objects.values_list("month", flat=True)) == [APRIL]
    assert (
        "April could not be computed"
        in PeriodicRun.objects.get(name="hotline.refresh_stats").last_error
    )
