"""The link sits above both modules: neither the hotline nor the Time Bank knows of it."""

from __future__ import annotations

import pytest

from tests.cases.test_layering import offending


@pytest.mark.parametrize("app", ["hotline", "timebank", "notifications", "cases"])
def test_the_modules_below_do_not_import_the_link(app):
    assert offending(app, ("minsheng.carelink",)) == {}
