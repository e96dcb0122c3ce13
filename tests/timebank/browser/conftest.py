"""The shared browser fixtures (Debian's Chromium through Playwright), for the Time Bank's flows."""

from tests.browser.conftest import browser, login, page  # noqa: F401
