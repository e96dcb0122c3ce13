"""The Time Bank and the 12345 hotline are neighbours on one floor: neither imports the other.

What joins them (a care need from a hotline case becoming a service request) belongs to a module
above both, so that the graph of imports stays without cycles. Matching and offers stay inside
the Time Bank and reach people only through the notifications module.
"""

from __future__ import annotations

import pytest

from tests.cases.test_layering import offending


@pytest.mark.parametrize(("app", "neighbour"), [("timebank", "hotline"), ("hotline", "timebank")])
def test_the_time_bank_and_the_hotline_do_not_import_each_other(app, neighbour):
    assert offending(app, (f"minsheng.{neighbour}",)) == {}


def test_the_time_bank_imports_nothing_from_one_issue_per_month():
    assert offending("timebank", ("minsheng.monthly",)) == {}


def test_the_notifications_module_imports_no_module_that_uses_it():
    """Modules register their kinds with it; it never reaches back into them."""
    assert offending("notifications", ("minsheng.timebank", "minsheng.monthly")) == {}
