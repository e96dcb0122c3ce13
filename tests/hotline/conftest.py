"""Fixtures for the hotline: a case at Jinsong, in the Jinsong sub-district office's hands."""

from __future__ import annotations

import datetime as dt

import pytest

from minsheng.cases.taxonomy import load_default
from minsheng.hotline import actions
from minsheng.hotline.models import Case, Category
from minsheng.people.models import Organisation
from minsheng.regions.models import Region


@pytest.fixture
def jinsong(cast) -> Region:  # type: ignore[no-untyped-def]
    return Region.objects.get(code="110105017")


@pytest.fixture
def jinsong_office(cast) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation.objects.get(code="SD-110105017")


@pytest.fixture
def housing(cast) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation.objects.get(code="BJ-ZJW")


@pytest.fixture
def categories(db) -> dict[str, Category]:  # type: ignore[no-untyped-def]
    """The default taxonomy (loaded by a migration; again after a committed test's flush)."""
    load_default(Category)
    return {category.code: category for category in Category.objects.all()}


@pytest.fixture
def lift_category(categories) -> Category:  # type: ignore[no-untyped-def]
    return categories["030201"]


@pytest.fixture
def new_case(cast, jinsong, lift_category) -> Case:  # type: ignore[no-untyped-def]
    return actions.receive_case(
        actor=cast.dispatcher,
        content="劲松三区5号楼电梯坏了三天，老人下不了楼。",
        title="电梯故障",
        kind="complaint",
        caller_name="张桂芳",
        caller_phone="13812345678",
        caller_id="caller-1",
        subdistrict=jinsong,
        address="劲松三区5号楼",
        category=lift_category,
    )


@pytest.fixture
def dispatched_case(cast, new_case, jinsong_office) -> Case:  # type: ignore[no-untyped-def]
    return actions.dispatch_case(actor=cast.dispatcher, case=new_case, unit=jinsong_office)


@pytest.fixture
def handled_case(cast, dispatched_case) -> Case:  # type: ignore[no-untyped-def]
    case = actions.accept_case(actor=cast.unit_staff, case=dispatched_case)
    case = actions.record_contact(actor=cast.unit_staff, case=case, note="已电话联系")
    return actions.record_result(
        actor=cast.unit_staff, case=case, result="resolved", resolution="已联系维保单位修复"
    )


def other_district_case(cast) -> Case:  # type: ignore[no-untyped-def]
    """A case in Haidian, outside the Jinsong office's and the Chaoyang administrator's scope."""
    return actions.receive_case(
        actor=cast.dispatcher,
        content="万寿路路灯不亮",
        subdistrict=Region.objects.get(code="110108001"),
        received_at=dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC),
    )


@pytest.fixture
def freezer_at(monkeypatch):  # type: ignore[no-untyped-def]
    """A controlled clock: ``with freezer_at(moment):`` makes ``timezone.now()`` that moment."""
    import contextlib

    from django.utils import timezone

    @contextlib.contextmanager
    def frozen(moment: dt.datetime):  # type: ignore[no-untyped-def]
        with monkeypatch.context() as patch:
            patch.setattr(timezone, "now", lambda: moment)
            yield moment

    return frozen
