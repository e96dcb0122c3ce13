"""The leader reads the dashboards: charts drawn by ECharts, the tables beside them, axe-clean."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from minsheng.hotline import stats
from minsheng.hotline.importing import import_cases
from tests.browser.conftest import axe_violations
from tests.hotline import conftest as hotline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The hotline's case fixtures (tests/hotline/conftest.py), for these tests of the live server.
categories, jinsong, jinsong_office = hotline.categories, hotline.jinsong, hotline.jinsong_office
lift_category, new_case = hotline.lift_category, hotline.new_case
dispatched_case = hotline.dispatched_case

HEADER = "number,received_at,kind,content,district,subdistrict,category,handling_unit,responded_at,handled_at,closed_at,result,resolved,satisfied"


@pytest.fixture
def year(cast, categories, tmp_path):  # type: ignore[no-untyped-def]
    rows = [
        f"D{m}{k},2025-{m:02d}-1{k} 09:00,complaint,小区垃圾清运不及时,朝阳区,劲松街道,"
        f"{'020201' if k % 2 else '030102'},SD-110105017,2025-{m:02d}-1{k} 10:00,"
        f"2025-{m:02d}-1{k} 18:00,2025-{m:02d}-1{k} 20:00,resolved,{'yes' if k else 'no'},"
        f"{'satisfied' if k else 'dissatisfied'}"
        for m in range(1, 13)
        for k in range(3)
    ]
    path = tmp_path / "year.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    import_cases(path)
    stats.update_stats(now=dt.datetime(2026, 1, 15, tzinfo=dt.UTC))


@pytest.mark.parametrize(
    "path",
    [
        "/hotline/dashboard/?year=2025",
        "/hotline/rankings/?month=2025-06",
        "/hotline/focus/waste-sorting/?year=2025",
    ],
)
def test_charts_are_drawn_and_the_page_is_accessible(year, login, path):
    page = login("leader")
    page.goto(path)
    expect(page.locator(".chart svg").first).to_be_visible()
    expect(page.locator("table.data").first).to_be_visible()
    assert axe_violations(page) == []
