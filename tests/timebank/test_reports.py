"""Reports read pre-aggregated tables: right numbers, re-runnable refresh, fixed query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from minsheng.timebank import clock, reporting
from minsheng.timebank.models import MonthlyLedgerStat, MonthlyServiceStat, ServiceOrder
from minsheng.timebank.reporting import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(tb):
    for hours in (24, 27, 30):
        tb.settled(tb.cast.elder, tb.cast.volunteer, minutes=90, hours_ahead=hours)
    neighbour = tb.elder("双井", region="110105016001", minutes=600)
    tb.settled(neighbour, tb.volunteer("双井志愿者", region="110105016001"), minutes=60)
    call_command("refresh_timebank_reports")
    return tb


def test_hours_served_add_up_to_the_settled_orders(served):
    total = sum(o.credited_minutes for o in ServiceOrder.objects.filter(state="settled"))
    stats = MonthlyServiceStat.objects.all()
    assert sum(row.minutes for row in stats) == total == 3 * 90 + 60


def test_the_refresh_can_run_again_with_the_same_result(served):
    before = sorted(MonthlyLedgerStat.objects.values_list("month", "region_id", "kind", "minutes"))
    reporting.refresh()
    after = sorted(MonthlyLedgerStat.objects.values_list("month", "region_id", "kind", "minutes"))
    assert before == after


def test_outstanding_coins_equal_residents_balances(served):
    from minsheng.timebank.models import Account

    held = sum(a.balance for a in Account.objects.filter(kind__in=["person", "hold"]))
    year = timezone.localdate().year
    by_month = reporting.outstanding_by_month(Area(served.city, 2), year)
    assert list(by_month.values())[-1] == held


def test_a_station_sees_only_its_sub_district(client, served):
    client.force_login(served.cast.station_operator)
    response = client.get(reverse("timebank:reports"))
    table = response.context["tables"]["categories"]
    hours = sum(float(row[1]) for row in table.rows)
    assert hours == 4.5  # Jinsong's three services, not Shuangjing's


def test_unmet_requests_are_counted(tb):
    order = tb.approved(tb.cast.elder)
    with clock.at(order.created_at + dt.timedelta(days=4)):
        pass
    from minsheng.timebank.models import ServiceOrder as Order

    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - dt.timedelta(days=5))
    reporting.refresh()
    assert sum(MonthlyServiceStat.objects.values_list("unmet", flat=True)) == 1


@pytest.mark.parametrize(
    # One of them: how the services paid were verified at the door (presence.reporting).
    ("who", "limit"),
    [("city_admin", 18), ("chaoyang_admin", 19), ("station_operator", 20)],
)
def test_the_report_page_makes_a_fixed_number_of_queries(
    client, served, django_assert_max_num_queries, who, limit
):
    client.force_login(getattr(served.cast, who))
    client.get(reverse("timebank:reports"))  # warm the session
    with django_assert_max_num_queries(limit):
        response = client.get(reverse("timebank:reports"))
    assert response.status_code == 200


def test_exports_in_csv_and_xlsx(client, served):
    client.force_login(served.cast.chaoyang_admin)
    response = client.get(reverse("timebank:report_export", args=["categories", "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "分类"
    assert len(rows) == 9
    response = client.get(reverse("timebank:report_export", args=["ledger", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(1, 1).value == "区"
    assert sheet.max_row == 2  # Chaoyang only


def test_residents_do_not_see_reports(client, served):
    client.force_login(served.cast.volunteer)
    assert client.get(reverse("timebank:reports")).status_code == 403


def test_the_city_may_refresh_in_the_background(client, served):
    from minsheng.jobs import runner

    client.force_login(served.cast.city_admin)
    response = client.post(reverse("timebank:report_refresh"))
    assert response.status_code == 302
    assert runner.run_pending() == 1


def test_auto_confirmation_and_report_refresh_run_periodically(tb):
    from minsheng.jobs import schedule

    order = tb.served(tb.cast.elder, tb.cast.volunteer)
    later = order.signed_out_at + dt.timedelta(days=8)
    with clock.at(later):
        ran = schedule.run_due(now=later, force=True)
    assert {"timebank.auto_confirm", "timebank.refresh_reports"} <= set(ran)
    order.refresh_from_db()
    assert order.state == "settled"
    assert order.events.get(kind="auto_confirmed").channel == "system"
