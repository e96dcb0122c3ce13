"""Cases in the database read back as records; callers only as keyed hashes."""

from __future__ import annotations

import pytest

from minsheng.hotline import actions
from minsheng.hotline.models import Case
from minsheng.hotline.records import case_records

pytestmark = pytest.mark.django_db


def test_a_caller_known_only_by_phone_is_still_recognisable(cast, jinsong, lift_category):
    cases = [
        actions.receive_case(
            actor=cast.dispatcher,
            content=f"电梯又坏了，第{n}次反映。",
            kind="complaint",
            caller_phone="13812345678",
            subdistrict=jinsong,
            category=lift_category,
        )
        for n in (1, 2)
    ]
    records = list(case_records(Case.objects.filter(pk__in=[c.pk for c in cases])))
    first, second = (r.caller_id for r in records)
    assert first and first == second
    assert "13812345678" not in first
    assert records[0].caller_phone == "138****5678"
