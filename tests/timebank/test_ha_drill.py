"""The failover drill at small scale: a synchronous standby, promoted after the primary is killed
under ledger load, holds every acknowledged posting once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from minsheng import dbserver

pytestmark = pytest.mark.slow


@pytest.mark.django_db(transaction=True)
def test_failover_loses_nothing_and_posts_nothing_twice():
    # Under the project (not /tmp): the servers' system user must reach it when run as root.
    workdir = dbserver.PROJECT_ROOT / "var" / "ha-drill-test"
    out = StringIO()
    call_command("ha_drill", workdir=workdir, clients=3, kill_after=30, stdout=out)
    report = out.getvalue()
    assert "missing:                       0" in report
    assert "posted more than once:           0" in report
    assert "check-ledger:                    consistent" in report
    assert not (workdir).exists()
