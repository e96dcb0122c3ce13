"""A care need on the hotline: an eldercare case about an elder registered at Jinsong's station,
dispatched to the Jinsong sub-district office; the Time Bank's world around it."""

from __future__ import annotations

import pytest

from minsheng.hotline import actions
from minsheng.hotline.models import Case
from tests.hotline.conftest import (  # noqa: F401  (fixtures)
    categories,
    dispatched_case,
    jinsong,
    jinsong_office,
    lift_category,
    new_case,
)
from tests.notifications.conftest import committed, tb  # noqa: F401  (fixtures)


@pytest.fixture
def care_case(cast, jinsong, jinsong_office, categories) -> Case:  # type: ignore[no-untyped-def]  # noqa: F811
    case = actions.receive_case(
        actor=cast.dispatcher,
        content="我母亲八十多岁独居，想找人每周陪她去医院复查。",
        title="独居老人陪诊",
        kind="help",
        caller_name="王丽",
        caller_phone="13812345670",
        caller_id="caller-care",
        subdistrict=jinsong,
        address="劲松三区7号楼",
        category=categories["190101"],
    )
    return actions.dispatch_case(actor=cast.dispatcher, case=case, unit=jinsong_office)


@pytest.fixture
def elder(tb):  # type: ignore[no-untyped-def]  # noqa: F811
    return tb.elder("刘奶奶", minutes=600)


@pytest.fixture
def volunteer(tb):  # type: ignore[no-untyped-def]  # noqa: F811
    return tb.volunteer("李志愿")
