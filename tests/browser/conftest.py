"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

Chromium comes from the system (``apt-get install chromium``; ``make test`` installs it when it
can), never from ``playwright install``. A missing browser fails the tests: they are never
silently skipped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.session import log_in
from tests.factories import PASSWORD

CHROMIUM = os.environ.get("MINSHENG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: run `make test` as root on Debian, "
            "or `apt-get install chromium`, or set MINSHENG_CHROMIUM."
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    # axe-core is injected into the pages under test, which their security policy would refuse;
    # test_security_policy.py visits pages with the policy enforced.
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", bypass_csp=True)
    context.set_default_timeout(15_000)
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def login(page: Page) -> Callable[[str], Page]:
    """``login("dispatcher")`` logs a member of the cast in through the log-in form."""

    def log_in_on_page(username: str, password: str = PASSWORD) -> Page:
        return log_in(page, username, password)

    return log_in_on_page


def axe_violations(page: Page, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core (from npm) in the page; return the violations of the given impacts."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']})"
    )
    return [v for v in result["violations"] if v["impact"] in impacts]
