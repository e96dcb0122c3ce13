"""The programme office runs a selection in the browser and shortlists a candidate."""

import pytest
from playwright.sync_api import Page, expect

from minsheng.hotline.synthetic import GenerationSpec, write_cases
from minsheng.jobs import runner
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def input_file(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MONTHLY_INPUT_DIR = tmp_path / "inputs"
    settings.MONTHLY_INPUT_DIR.mkdir()
    write_cases(GenerationSpec.year(2025, 2500, seed=51), settings.MONTHLY_INPUT_DIR / "2025.csv")
    return "2025.csv"


def test_the_office_runs_a_selection_and_shortlists_the_top_candidate(cast, login, input_file):
    page: Page = login("monthly-office")
    page.get_by_role("link", name="每月一题：候选问题").click()
    expect(page.locator("h1")).to_have_text("每月一题：候选问题")
    assert axe_violations(page) == []
    page.get_by_role("radio", name="服务器上的文件").check()
    page.locator("select[name=server_file]").select_option("2025.csv")
    page.locator("input[name=top]").fill("5")
    page.get_by_role("button", name="开始").click()
    expect(page.locator("h1")).to_have_text("正在处理")  # the job page
    runner.run_pending()
    page.reload()
    page.get_by_role("link", name="查看结果").click()
    expect(page.locator("table.data tbody tr")).to_have_count(5)
    assert axe_violations(page) == []
    page.locator("table.data tbody tr").first.locator("a").click()
    expect(page.locator("h1")).to_contain_text("1.")
    page.get_by_role("radio", name="入围", exact=True).check()
    page.get_by_label("备注").fill("涉及住建、规自多个部门，建议列入")
    page.get_by_role("button", name="保存决定").click()
    expect(page.locator(".messages")).to_contain_text("入围")
    assert axe_violations(page) == []
    page.get_by_role("link", name="本次筛选").click()
    expect(page.locator("table.data tbody tr").first).to_contain_text("涉及住建")
