"""A dispatcher and a handling unit work a case end to end in Chromium, in Chinese."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minsheng.hotline.models import Case, Status
from tests.browser.conftest import axe_violations
from tests.hotline import conftest as hotline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The hotline's case fixtures (tests/hotline/conftest.py), for these tests of the live server.
categories, jinsong, jinsong_office = hotline.categories, hotline.jinsong, hotline.jinsong_office
lift_category, new_case = hotline.lift_category, hotline.new_case
dispatched_case = hotline.dispatched_case


def test_the_dispatcher_records_a_call_and_dispatches_it(cast, categories, login):
    page: Page = login("dispatcher")
    page.goto("/hotline/receive/")
    page.get_by_label("诉求内容").fill("劲松五区楼道灯坏了一个星期，晚上很黑，老人容易摔倒。")
    page.get_by_label("标题").fill("楼道灯坏了")
    page.get_by_label("分类").select_option(label="— — 楼道照明损坏 (030202)")
    page.get_by_label("区或街道（乡镇）").select_option(label="— 劲松街道")
    page.get_by_label("来电号码").fill("13800001234")
    page.get_by_role("button", name="保存工单").click()
    expect(page.locator(".message-success")).to_contain_text("已受理")
    expect(page.locator("h1")).to_contain_text("已受理，待派单")
    expect(page.locator("main")).to_contain_text("138****1234")
    # The suggested unit is chosen already: dispatch it.
    expect(page.locator("#id_unit option:checked")).to_contain_text("劲松街道办事处")
    page.get_by_role("button", name="派往此单位").click()
    expect(page.locator("h1")).to_contain_text("已派单，待签收")
    assert Case.objects.get().lead_unit.code == "SD-110105017"
    assert axe_violations(page) == []


def test_the_console_lists_waiting_cases_and_passes_axe(cast, new_case, login):
    page = login("dispatcher")
    page.goto("/hotline/console/")
    expect(page.locator("main")).to_contain_text(new_case.number)
    expect(page.locator("main")).to_contain_text("劲松街道办事处")
    assert axe_violations(page) == []


def test_the_unit_handles_the_case_and_the_dispatcher_calls_back(
    cast, dispatched_case, login, page
):
    login("jinsong-office")
    page.goto("/hotline/workbench/")
    expect(page.locator("#dispatched + .table-scroll")).to_contain_text(dispatched_case.number)
    assert axe_violations(page) == []
    page.get_by_role("link", name=dispatched_case.number).first.click()
    page.get_by_role("button", name="签收工单").click()
    expect(page.locator("h1")).to_contain_text("已签收")
    page.get_by_label("首次联系来电人：沟通内容").fill("已电话联系来电人，约定明天上门查看。")
    page.get_by_role("button", name="记录联系情况").click()
    expect(page.locator("h1")).to_contain_text("已响应")
    page.get_by_label("已解决", exact=True).check()
    page.get_by_label("办理情况").fill("已联系电梯维保单位更换主板，电梯恢复运行。")
    page.get_by_role("button", name="反馈办理结果").click()
    expect(page.locator("h1")).to_contain_text("已办理，待回访")
    assert axe_violations(page) == []

    page.locator("#logout-button").click()
    login("dispatcher")
    page.goto(f"/hotline/cases/{dispatched_case.number}/")
    page.locator("input[name=resolved][value=yes]").check()
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="保存回访结果").click()
    expect(page.locator("h1")).to_contain_text("已办结")
    assert Case.objects.get(pk=dispatched_case.pk).status == Status.CLOSED


def test_the_unit_returns_a_case_that_is_not_its_own(cast, dispatched_case, login):
    page = login("jinsong-office")
    page.goto(f"/hotline/cases/{dispatched_case.number}/")
    page.get_by_label("不属于本单位职责？请说明理由并退单").fill("电梯属住建委监管的维保单位负责。")
    page.get_by_role("button", name="退回派单员").click()
    expect(page.locator(".message-success")).to_contain_text("已退回派单员")
    assert Case.objects.get(pk=dispatched_case.pk).status == Status.RETURNED
