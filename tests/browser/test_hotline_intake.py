"""A routine call recorded in five actions, with what the side panel shows while typing.

Without a trained classifier (as here) the category is typed too; with one, it is chosen from
the words and the call takes four actions.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minsheng.hotline.models import Case
from tests.browser.conftest import axe_violations
from tests.hotline import conftest as hotline

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

categories, jinsong, jinsong_office = hotline.categories, hotline.jinsong, hotline.jinsong_office
lift_category, new_case = hotline.lift_category, hotline.new_case


class Counted:
    """The page, counting what the call-taker does: each fill, choice or click is one action."""

    def __init__(self, page: Page) -> None:
        self.page, self.actions = page, 0

    def fill(self, locator, text: str) -> None:  # type: ignore[no-untyped-def]
        self.actions += 1
        locator.press_sequentially(text, delay=5)

    def click(self, locator) -> None:  # type: ignore[no-untyped-def]
        self.actions += 1
        locator.click()


def test_a_routine_call_takes_at_most_five_actions(cast, new_case, jinsong, lift_category, login):
    page: Page = login("dispatcher")
    page.goto("/hotline/receive/")
    call = Counted(page)
    call.fill(page.locator("#id_content"), "劲松三区5号楼电梯又坏了，老人下不了楼")
    call.fill(page.locator("#id_place-search"), "jinsong")  # 劲松, as its English name spells it
    expect(page.locator("#id_place option:checked")).to_have_text("— 劲松街道")
    call.fill(page.locator("#id_category-search"), "dtgz")  # pinyin initials of 电梯故障
    expect(page.locator("#id_category option:checked")).to_contain_text("电梯故障")
    call.fill(page.locator("#id_caller_phone"), "13812345678")
    panel = page.locator("#intake-assist")
    # Before saving: the unit the rules choose, the caller's earlier case, a likely duplicate.
    # (The first answer loads the segmenter's dictionary in the server: allow it time.)
    expect(panel).to_contain_text("劲松街道办事处", timeout=60_000)
    expect(panel).to_contain_text(new_case.number)
    assert axe_violations(page) == []
    call.click(page.get_by_role("button", name="保存工单"))
    expect(page.locator("h1")).to_contain_text("已受理，待派单")
    assert call.actions <= 5
    recorded = Case.objects.exclude(pk=new_case.pk).get()
    assert (recorded.subdistrict, recorded.category) == (jinsong, lift_category)
