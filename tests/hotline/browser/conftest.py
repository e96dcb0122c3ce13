"""The shared browser fixtures (Debian's Chromium through Playwright) for the hotline's flows."""

from tests.browser.conftest import browser, login, page  # noqa: F401  (fixtures)
