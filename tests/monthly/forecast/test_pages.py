"""The forecast from the database: its job, its page, and the office's decisions on its items."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from minsheng.audit.models import AuditEntry
from minsheng.jobs import runner
from minsheng.monthly.forecast import actions, synthetic
from minsheng.monthly.models import ForecastRun, ProactiveItem

pytestmark = pytest.mark.django_db
UNTIL = dt.date(2024, 10, 20)  # the heating season is weeks away


@pytest.fixture(scope="session")
def database_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("forecast-db") / "cases.csv"
    synthetic.write_cases(path, dt.date(2022, 10, 3), UNTIL, seed=9, scale=0.12)
    return path


@pytest.fixture
def cases_in_database(beijing, database_file):
    from minsheng.cases.taxonomy import load_default
    from minsheng.hotline.importing import import_cases
    from minsheng.hotline.models import Category

    load_default(Category)  # a test that really committed may have emptied the tables

    summary = import_cases(database_file)
    assert not summary.rejected, summary.rejected[:3]
    return summary


@pytest.fixture
def finished(client, cast, cases_in_database):
    client.force_login(cast.programme_office)
    response = client.post(
        reverse("monthly:forecast_start"),
        {"by": "category", "weeks": "4", "until": UNTIL.isoformat()},
    )
    assert response.status_code == 302
    runner.run_pending()
    run = ForecastRun.objects.get()
    assert run.finished, run.job.error if run.job else "no job"
    return run


@pytest.mark.parametrize(
    ("member", "status", "may_start"),
    [
        ("programme_office", 200, True),
        ("city_admin", 200, True),
        ("leader", 200, False),
        ("dispatcher", 403, False),
        ("department_staff", 403, False),
        ("outsider", 403, False),
    ],
)
def test_the_page_is_for_the_office_the_city_and_leaders(client, cast, member, status, may_start):
    client.force_login(getattr(cast, member))
    response = client.get(reverse("monthly:forecasts"))
    assert response.status_code == status
    if status == 200:
        assert (b'name="weeks"' in response.content) is may_start


def test_a_leader_cannot_start_a_forecast(client, cast):
    client.force_login(cast.leader)
    response = client.post(
        reverse("monthly:forecast_start"), {"by": "district", "weeks": "4", "until": "2024-10-20"}
    )
    assert response.status_code == 403
    assert not ForecastRun.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"by": "district", "weeks": "0", "until": "2024-10-20"},
        {"by": "district", "weeks": "53", "until": "2024-10-20"},
        {"by": "street", "weeks": "4", "until": "2024-10-20"},
        {"by": "district", "weeks": "4", "until": "2999-01-01"},
    ],
)
def test_bad_requests_are_explained_and_start_nothing(client, cast, data):
    client.force_login(cast.programme_office)
    response = client.post(reverse("monthly:forecast_start"), data)
    assert response.status_code == 400
    assert "问题" in response.content.decode()
    assert not ForecastRun.objects.exists()


def test_the_job_forecasts_the_database_and_raises_heating_as_a_proactive_item(
    client, cast, finished
):
    assert {row["week_start"] for row in finished.rows} == {
        "2024-10-21",
        "2024-10-28",
        "2024-11-04",
        "2024-11-11",
    }
    assert {row["district"] for row in finished.rows} == {None}
    assert finished.summary["cases"] > 0
    assert finished.backtest["model"] is not None
    assert finished.job.status == "done"
    heating = ProactiveItem.objects.get(run=finished, category="供暖")
    assert heating.expected > 1.25 * heating.usual and heating.status == "open"
    page = client.get(reverse("monthly:forecast", args=[finished.pk])).content.decode()
    assert "回测" in page and "WAPE" in page
    assert "供暖" in page and f'action="/monthly/forecasts/items/{heating.pk}/assign"' in page
    assert AuditEntry.objects.filter(action="monthly.finish_forecast").exists()


def test_the_forecast_downloads_as_json_and_csv(client, cast, finished):
    rows = client.get(reverse("monthly:forecast_export", args=[finished.pk, "json"])).json()
    assert rows == finished.rows
    csv_text = client.get(reverse("monthly:forecast_export", args=[finished.pk, "csv"]))
    assert (
        csv_text.content.decode().splitlines()[0]
        == "week_start,district,category,expected,low,high"
    )
    missing = client.get(reverse("monthly:forecast_export", args=[finished.pk, "xlsx"]))
    assert missing.status_code == 404


def test_the_office_hands_an_item_to_a_unit_who_then_sees_it(client, cast, finished):
    item = ProactiveItem.objects.get(run=finished, category="供暖")
    unit = cast.department_staff.role_assignments.get().organisation
    due = timezone.now().date() + dt.timedelta(days=14)
    prefix = f"assign-{item.pk}"
    response = client.post(
        reverse("monthly:proactive_assign", args=[item.pk]),
        {
            f"{prefix}-unit": unit.pk,
            f"{prefix}-task": "检查供热管网，提前排查",
            f"{prefix}-due": due,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (
        item.status == "assigned" and item.unit == unit and item.decided_by == cast.programme_office
    )
    entry = AuditEntry.objects.get(action="monthly.assign_proactive_item")
    assert entry.after["unit"] == unit.code
    again = client.post(
        reverse("monthly:proactive_dismiss", args=[item.pk]), {f"dismiss-{item.pk}-note": "重复"}
    )
    assert again.status_code == 400 and "已经" in again.content.decode()
    client.force_login(cast.department_staff)
    page = client.get(reverse("monthly:proactive_items")).content.decode()
    assert "检查供热管网" in page
    assert client.get(reverse("monthly:forecast", args=[finished.pk])).status_code == 403


def test_setting_an_item_aside_needs_a_reason(client, cast, finished):
    item = ProactiveItem.objects.filter(run=finished).first()
    url = reverse("monthly:proactive_dismiss", args=[item.pk])
    assert client.post(url, {f"dismiss-{item.pk}-note": ""}).status_code == 400
    assert client.post(url, {f"dismiss-{item.pk}-note": "已在处理"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "dismissed" and item.note == "已在处理"


def test_only_the_office_decides_on_items(client, cast, finished):
    item = ProactiveItem.objects.filter(run=finished).first()
    client.force_login(cast.leader)
    response = client.post(
        reverse("monthly:proactive_dismiss", args=[item.pk]), {f"dismiss-{item.pk}-note": "不"}
    )
    assert response.status_code == 403
    client.force_login(cast.dispatcher)
    response = client.post(
        reverse("monthly:proactive_dismiss", args=[item.pk]), {f"dismiss-{item.pk}-note": "不"}
    )
    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_an_item_handed_to_no_unit(cast):
    run = ForecastRun.objects.create(
        by="category", weeks=4, until=UNTIL, created_by=cast.programme_office
    )
    item = ProactiveItem.objects.create(
        run=run, category="供暖", first_week=dt.date(2024, 10, 21), weeks=4, expected=40, usual=20
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProactiveItem.objects.filter(pk=item.pk).update(
            status="assigned", decided_by=cast.programme_office, decided_at=timezone.now()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProactiveItem.objects.create(
            run=run,
            category="排水",
            first_week=dt.date(2024, 10, 21),
            weeks=4,
            expected=10,
            usual=20,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ForecastRun.objects.create(by="category", weeks=60, until=UNTIL, created_by=cast.leader)


def test_the_command_reads_the_database_as_it_reads_the_file(
    beijing, cases_in_database, database_file, tmp_path
):
    from_file, from_database = tmp_path / "file.json", tmp_path / "database.json"
    common = ["--until", UNTIL.isoformat(), "--weeks", "4", "--by", "category,district"]
    call_command("forecast_cases", "--input", str(database_file), *common, "--out", str(from_file))
    call_command("forecast_cases", *common, "--out", str(from_database))
    rows = json.loads(from_database.read_text(encoding="utf-8"))
    assert rows and rows == json.loads(from_file.read_text(encoding="utf-8"))


def test_the_units_staff_hear_of_an_item_handed_to_their_unit(
    cast, finished, django_capture_on_commit_callbacks
):
    from minsheng.monthly.forecast import actions
    from minsheng.notifications.models import Message

    item = ProactiveItem.objects.get(run=finished, category="供暖")
    unit = cast.department_staff.role_assignments.get().organisation
    due = timezone.localdate() + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        actions.assign_proactive_item(
            actor=cast.programme_office, item=item, unit=unit, task="提前检修", due=due
        )
    for _round in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            if not runner.run_pending():
                break
    message = Message.objects.get(recipient=cast.department_staff)
    assert message.event.kind == "monthly.proactive_item_assigned"
    assert "供暖" in message.title and due.isoformat() in message.title
    assert "提前检修" in message.body
    assert not Message.objects.filter(recipient=cast.leader).exists()


def test_the_weekly_forecast_is_queued_once_a_week_and_finds_the_rise(
    client, cast, cases_in_database
):
    from minsheng.monthly.forecast import actions

    monday = dt.date(2024, 10, 21)
    run = actions.schedule_weekly_forecast(today=monday)
    assert run is not None and run.until == UNTIL and run.created_by is None
    assert actions.schedule_weekly_forecast(today=monday + dt.timedelta(days=3)) is None
    runner.run_pending()
    run.refresh_from_db()
    assert run.finished and run.by == "category,district"
    assert ProactiveItem.objects.filter(run=run, category="供暖").exists()
    client.force_login(cast.programme_office)
    assert "每周自动" in client.get(reverse("monthly:forecasts")).content.decode()
    next_week = actions.schedule_weekly_forecast(today=monday + dt.timedelta(days=7))
    assert next_week is not None and next_week.until == UNTIL + dt.timedelta(days=7)


def test_no_weekly_forecast_without_cases(beijing):
    from minsheng.monthly.forecast import actions

    assert actions.schedule_weekly_forecast(today=dt.date(2024, 10, 21)) is None
    assert not ForecastRun.objects.exists()


def test_the_demo_stores_this_weeks_forecast_so_the_page_is_not_empty(
    client, cast, cases_in_database
):
    from minsheng.monthly import demo

    monday = UNTIL + dt.timedelta(days=1)
    run = actions.weekly_forecast_now(today=monday)
    assert run is not None and run.finished and run.job is None and run.until == UNTIL
    assert run.by == "category,district" and run.rows and run.backtest["model"] is not None
    assert run.items.filter(category="供暖").exists()
    assert actions.weekly_forecast_now(today=monday) is None  # once a week
    assert actions.schedule_weekly_forecast(today=monday) is None
    client.force_login(cast.programme_office)
    page = client.get(reverse("monthly:forecast", args=[run.pk])).content.decode()
    assert "回测" in page and "供暖" in page
    demo.load()  # this week's forecast for the demo's "today": another week, stored once
    assert ForecastRun.objects.filter(created_by=None).count() == 2
    assert ForecastRun.objects.get(until__gt=UNTIL).finished
