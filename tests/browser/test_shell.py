"""Log in as each role, see the right home, switch language and text size, log out."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED_ROLE = {
    "city-admin": "市级管理员",
    "chaoyang-admin": "区级管理员",
    "jinsong-station": "驿站工作人员",
    "volunteer": "志愿者",
    "elder": "老年人",
    "family": "老年人家属",
    "dispatcher": "热线派单员",
    "jinsong-office": "承办单位工作人员",
    "housing-dept": "部门工作人员",
    "leader": "市领导",
    "monthly-office": "每月一题专班",
}


def test_the_landing_page_names_both_systems_in_chinese(page: Page):
    page.goto("/")
    expect(page.locator("h2#timebank-title")).to_have_text("时间银行")
    expect(page.locator("h2#hotline-title")).to_contain_text("12345")
    expect(page.locator("h2#monthly-title")).to_have_text("每月一题")


@pytest.mark.parametrize(("username", "role"), EXPECTED_ROLE.items())
def test_each_role_logs_in_to_its_own_home(cast, login, username, role):
    page = login(username)
    expect(page.locator("main .badge").first).to_have_text(role)


def test_a_person_without_a_role_is_told_so(cast, login):
    page = login("outsider")
    expect(page.locator("main")).to_contain_text("还没有角色")


def test_a_wrong_password_is_explained_in_words(cast, page: Page):
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("volunteer")
    page.locator("input[name=password]").fill("wrong")
    page.locator("main button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("登录名或密码不正确")


def test_language_switch_changes_the_page_and_is_remembered(cast, login):
    page = login("volunteer")
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_contain_text("Hello")
    page.goto("/home/")
    expect(page.locator("main .badge").first).to_have_text("Volunteer")


def test_larger_text_makes_the_text_larger(page: Page):
    page.goto("/")
    before = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.locator("button.size-largest").click()
    after = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert before >= 18
    assert after > before
    expect(page.locator("html")).to_have_class("text-largest contrast-standard")


def test_everything_in_the_header_is_reachable_by_keyboard(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    for _ in range(8):
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.tagName")
    assert focused in {"A", "BUTTON"}


def test_log_out_returns_to_the_landing_page(cast, login):
    page = login("dispatcher")
    page.locator("#logout-button").click()
    expect(page.get_by_role("link", name="登录").first).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/accounts/login/"])
def test_public_pages_have_no_serious_accessibility_violations(page: Page, path):
    page.goto(path)
    assert axe_violations(page) == []


def test_home_has_no_serious_accessibility_violations(cast, login):
    page = login("city-admin")
    assert axe_violations(page) == []
