"""From a shortlisted candidate to a planned problem to a supervision item, in the browser;
then the leader responsible reports the item done."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from minsheng.cases.taxonomy import load_default
from minsheng.hotline.models import Category
from minsheng.monthly.models import Problem, SupervisionItem, Theme
from minsheng.monthly.programme import actions
from minsheng.people.models import Organisation
from tests.browser.conftest import axe_violations
from tests.monthly.runs import shortlisted_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shortlisted(cast):  # type: ignore[no-untyped-def]
    load_default(Category)
    plan = actions.create_plan(actor=cast.programme_office, year=2026, title="每月一题 2026")
    actions.save_theme(actor=cast.programme_office, plan=plan, month=4, title="老旧小区")
    return shortlisted_run(
        cast.programme_office,
        2025,
        {
            "key": "lifts",
            "rank": 1,
            "label": "老旧小区加装电梯难",
            "label_en": "Lifts",
            "size": 320,
            "score": 0.81,
            "keywords": ["加装电梯", "一楼住户", "审批"],
            "numbers": [],
            "sample_numbers": [],
            "months": [],
            "subdistricts": [],
            "units": [],
            "places": [],
            "districts": [{"code": "110105", "name": "朝阳区", "cases": 120}],
            "categories": [{"name": "加装电梯", "name_en": "Adding lifts", "share": 0.7}],
            "components": {},
        },
    )


def test_a_candidate_becomes_a_problem_with_a_supervision_item(cast, login, shortlisted):
    page: Page = login("monthly-office")
    page.goto(f"/monthly/runs/{shortlisted.pk}/candidates/lifts/")
    page.locator("select[name=plan]").select_option(label="2026 每月一题 2026")
    page.locator("select[name=month]").select_option("4")
    page.get_by_role("button", name="继续").click()

    expect(page.locator("h1")).to_have_text("新问题")
    expect(page.locator("input[name=title]")).to_have_value("老旧小区加装电梯难")
    expect(page.locator("textarea[name=key_phrases]")).to_have_value("加装电梯\n一楼住户\n审批")
    assert axe_violations(page) == []
    page.locator("select[name=leader]").select_option(label="吴志明")
    page.locator("select[name=lead_department]").select_option(label="北京市住房和城乡建设委员会")
    page.get_by_role("button", name="保存问题").click()

    expect(page.locator("h1")).to_have_text("老旧小区加装电梯难")
    expect(page.locator(".messages")).to_contain_text("问题已列入计划")
    problem = Problem.objects.get()
    assert (problem.source_run_id, problem.leader.username) == (shortlisted.pk, "leader")
    page.get_by_text("督办立项").click()
    page.locator("#supervision ~ details input[name=title]").fill("4月底前出台加装电梯协调办法")
    page.locator("input[name=deadline]").fill("2026-04-30")
    page.get_by_role("button", name="立项").click()
    expect(page.locator(".messages")).to_contain_text("督办事项已立项")
    expect(page.locator("#supervision ~ ul")).to_contain_text("4月底前出台加装电梯协调办法")
    assert axe_violations(page) == []

    page.get_by_role("link", name="2026年度计划").click()
    expect(page.locator("#month-4")).to_contain_text("老旧小区")
    assert axe_violations(page) == []
    page.get_by_role("link", name="督办").click()
    expect(page.locator("table.data")).to_contain_text("4月底前出台加装电梯协调办法")
    assert axe_violations(page) == []


def test_the_leader_reports_the_item_done(cast, login, shortlisted):
    theme = Theme.objects.get(plan__year=2026, month=4)
    problem = actions.create_problem(
        actor=cast.programme_office,
        theme=theme,
        title="老旧小区加装电梯难",
        description="d",
        leader=cast.leader,
        lead_department=Organisation.objects.get(code="BJ-ZJW"),
    )
    actions.open_supervision(
        actor=cast.programme_office,
        problem=problem,
        title="出台办法",
        deadline=dt.date(2026, 4, 30),
    )
    page: Page = login("leader")
    page.goto(f"/monthly/programme/problems/{problem.pk}/")
    page.locator("textarea[name=result]").fill("协调办法已印发")
    page.get_by_role("button", name="报告办结").click()
    expect(page.locator(".messages")).to_contain_text("督办事项已办结")
    assert SupervisionItem.objects.get().status == "done"
    expect(page.get_by_text("督办立项")).to_have_count(0)  # opening items is the office's
