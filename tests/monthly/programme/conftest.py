"""A 2025 programme with one problem (old buildings without lifts), led by the housing
commission under the demo's municipal leader, and cases imported from hand-written rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from minsheng.cases.taxonomy import load_default
from minsheng.hotline.importing import import_cases
from minsheng.hotline.models import Category
from minsheng.monthly.programme import actions
from minsheng.people.models import Organisation

HEADER = (
    "number,received_at,kind,content,district,subdistrict,category,handling_unit,"
    "responded_at,handled_at,closed_at,result,resolved,satisfied"
)


def row(
    number: str,
    received: str,
    content: str,
    *,
    category: str = "030201",
    subdistrict: str = "劲松街道",
    district: str = "朝阳区",
    resolved: str = "yes",
    satisfied: str = "satisfied",
) -> str:
    """A closed case, answered at the call-back as given, handled within a day."""
    day = dt.datetime.fromisoformat(received)
    later = (day + dt.timedelta(hours=20)).strftime("%Y-%m-%d %H:%M")
    return (
        f"{number},{received},complaint,{content},{district},{subdistrict},{category},"
        f"SD-110105017,{received},{later},{later},resolved,{resolved},{satisfied}"
    )


def import_rows(tmp_path: Path, rows: list[str], name: str = "cases.csv") -> None:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    load_default(Category)  # a committed test's flush may have emptied the taxonomy
    summary = import_cases(path)
    assert not summary.rejected, summary.rejected


@pytest.fixture
def categories(db) -> dict[str, Category]:  # type: ignore[no-untyped-def]
    load_default(Category)
    return {category.code: category for category in Category.objects.all()}


@pytest.fixture
def housing(cast) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation.objects.get(code="BJ-ZJW")


@pytest.fixture
def plan(cast):  # type: ignore[no-untyped-def]
    return actions.create_plan(actor=cast.programme_office, year=2025, title="每月一题 2025")


@pytest.fixture
def theme(cast, plan):  # type: ignore[no-untyped-def]
    return actions.save_theme(
        actor=cast.programme_office, plan=plan, month=5, title="老旧小区综合整治"
    )


@pytest.fixture
def problem(cast, theme, housing, categories):  # type: ignore[no-untyped-def]
    return actions.create_problem(
        actor=cast.programme_office,
        theme=theme,
        title="老旧小区加装电梯难",
        description="六层老楼没有电梯，老人上下楼难。",
        leader=cast.leader,
        lead_department=housing,
        key_phrases=["电梯"],
        categories=[categories["0302"]],
    )
