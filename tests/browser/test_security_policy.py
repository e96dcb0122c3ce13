"""Pages keep working under their Content-Security-Policy: nothing is refused by the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser import test_hotline_dashboards as dashboards
from tests.factories import PASSWORD
from tests.hotline import conftest as hotline

categories, year = hotline.categories, dashboards.year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def strict_page(browser: Browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    opened = context.new_page()
    refused: list[str] = []
    opened.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield opened, refused
    context.close()


def test_pages_with_charts_and_forms_break_no_rule(strict_page, cast, year):
    page, refused = strict_page
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("leader")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/home/")
    page.goto("/hotline/dashboard/?year=2025")
    expect(page.locator(".chart svg").first).to_be_visible()
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui").first).to_be_visible()
    assert refused == []
