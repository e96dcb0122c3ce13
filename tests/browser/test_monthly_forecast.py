"""The programme office forecasts the database in the browser and hands a rise to a unit."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from minsheng.jobs import runner
from minsheng.monthly.forecast import synthetic
from minsheng.monthly.models import ProactiveItem
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
UNTIL = dt.date(2024, 10, 20)


@pytest.fixture
def cases_in_database(tmp_path):
    from minsheng.cases.taxonomy import load_default
    from minsheng.hotline.importing import import_cases
    from minsheng.hotline.models import Category

    load_default(Category)  # a test that really committed may have emptied the tables

    path = tmp_path / "cases.csv"
    synthetic.write_cases(path, dt.date(2022, 10, 3), UNTIL, seed=9, scale=0.12)
    assert not import_cases(path).rejected


def test_the_office_forecasts_and_hands_the_heating_rise_to_a_unit(cast, login, cases_in_database):
    page: Page = login("monthly-office")
    page.get_by_role("link", name="案件预测：未诉先办").click()
    expect(page.locator("h1")).to_have_text("案件预测：未诉先办")
    assert axe_violations(page) == []
    page.get_by_role("radio", name="分类", exact=True).check()
    page.get_by_label("预测周数").fill("4")
    page.get_by_label("历史数据截至").fill(UNTIL.isoformat())
    page.get_by_role("button", name="开始").click()
    expect(page.locator("h1")).to_have_text("正在处理")  # the job page
    runner.run_pending()
    page.reload()
    page.get_by_role("link", name="查看结果").click()
    expect(page.locator("#trust")).to_have_text("预测可信吗？")
    expect(page.locator("main")).to_contain_text("WAPE")
    assert axe_violations(page) == []
    item = ProactiveItem.objects.get(category="供暖")
    card = page.locator(f"#item-{item.pk}")
    card.locator("summary").click()
    unit = cast.department_staff.role_assignments.get().organisation
    card.get_by_label("单位 (必填)", exact=True).select_option(str(unit.pk))
    card.get_by_label("要求单位做什么").fill("提前排查供热管网和老旧小区的暖气")
    card.get_by_label("时限 (必填)", exact=True).fill(
        (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    )
    card.get_by_role("button", name="交办单位").click()
    expect(page.locator(".messages")).to_contain_text("已交办")
    expect(page.locator(f"#item-{item.pk}")).to_contain_text("提前排查供热管网")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
