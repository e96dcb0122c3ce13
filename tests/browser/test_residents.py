"""A resident reports a problem with photos, follows it and rates the reply, in Chromium.

The whole loop of issue-to-answer: the resident reports with two photos and a point, gets the
number by text message (the SMS outbox), the dispatcher dispatches, the unit replies with a photo
of the work done, the resident opens the reply text's link and says it is not solved, and the
case goes back to the unit. Every resident page passes axe and fits a 390 px screen in every
text size.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from minsheng.hotline.models import Case, CaseAttachment
from minsheng.jobs import runner
from minsheng.notifications.models import Delivery
from minsheng.web.preferences import TEXT_SIZE_COOKIE, TEXT_SIZES
from tests import photos
from tests.browser.conftest import axe_violations
from tests.hotline import conftest as hotline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

categories, jinsong, jinsong_office = hotline.categories, hotline.jinsong, hotline.jinsong_office
PHONE = "13812345678"


def sms(kind: str) -> str:
    for _round in range(5):  # the worker's part: follow the action, write the deliveries
        if not runner.run_pending():
            break
    return Delivery.objects.filter(event__kind=kind).latest("pk").text


def code_in(text: str) -> str:
    found = re.search(r"\d{6}", text)
    assert found is not None
    return found.group()


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    for name in ("a.jpg", "b.jpg"):
        (tmp_path / name).write_bytes(photos.jpeg_bytes(gps=True))
    return tmp_path


def test_a_resident_reports_follows_and_rates_the_reply_and_the_case_reopens(
    cast, categories, jinsong_office, media, page: Page, login, browser: Browser, live_server
):
    page.goto("/")
    page.get_by_role("link", name="反映问题").click()
    assert axe_violations(page) == []
    page.get_by_label("请描述问题或您的诉求").fill("劲松三区5号楼门口的井盖丢了，晚上很危险。")
    page.get_by_label("区或街道").select_option(label="— 劲松街道")
    page.get_by_label("地址").fill("劲松三区5号楼")
    page.get_by_label("地点纬度（选填）").fill("39.884")
    page.get_by_label("地点经度（选填）").fill("116.462")
    page.get_by_label("您的姓名").fill("王建国")
    page.get_by_label("您的手机号码").fill(PHONE)
    page.get_by_role("button", name="发送验证码").click()
    expect(page.locator(".message-success")).to_contain_text("验证码已发送")
    code = code_in(sms("people.phone_code"))
    # The form came back as typed; photos are chosen now, with the code.
    expect(page.get_by_label("请描述问题或您的诉求")).to_have_value(
        "劲松三区5号楼门口的井盖丢了，晚上很危险。"
    )
    page.get_by_label("照片（最多 6 张）").set_input_files([media / "a.jpg", media / "b.jpg"])
    page.get_by_label("短信验证码").fill(code)
    page.get_by_role("button", name="提交诉求").click()
    case = Case.objects.get()
    expect(page.locator(".message-success")).to_contain_text(case.number)
    assert case.number in sms("hotline.case_received")
    assert CaseAttachment.objects.filter(case=case).count() == 2
    assert (case.latitude, case.channel) == (39.884, "web")
    assert axe_violations(page) == []

    staff = browser.new_context(base_url=live_server.url, locale="zh-CN", bypass_csp=True)
    office = staff.new_page()
    for username, steps in (
        ("dispatcher", [("button", "派往此单位")]),
        ("jinsong-office", [("button", "签收工单")]),
    ):
        staff.clear_cookies()
        _log_in(office, username)
        office.goto(f"/hotline/cases/{case.number}/")
        for role, name in steps:
            # Wait for the form's answer: a late answer would set the cookies after the next
            # log-in page was loaded and its CSRF token would no longer match.
            with office.expect_navigation():
                office.get_by_role(role, name=name).click()
    office.get_by_label("首次联系来电人：沟通内容").fill("已电话联系，明天补装。")
    office.get_by_role("button", name="记录联系情况").click()
    office.get_by_label("已解决").check()
    office.get_by_label("办理情况").fill("已补装井盖并设置警示标志。")
    office.get_by_label("办理后的现场照片（选填，最多 6 张）").set_input_files(media / "b.jpg")
    office.get_by_role("button", name="反馈办理结果").click()
    expect(office.locator("h1")).to_contain_text("已办理，待回访")
    staff.close()

    reply = sms("hotline.case_replied")
    link = re.search(r"https?://\S+", reply)
    assert link is not None
    resident = browser.new_context(base_url=live_server.url, locale="zh-CN", bypass_csp=True)
    mine = resident.new_page()
    mine.goto(link.group().replace("http://127.0.0.1:8000", live_server.url))
    expect(mine.locator("main")).to_contain_text("已补装井盖并设置警示标志。")
    expect(mine.locator(".timeline img")).to_have_count(3)
    assert axe_violations(mine) == []
    mine.get_by_label("否").check()
    mine.get_by_label("不满意", exact=True).check()
    mine.get_by_role("button", name="提交评价").click()
    expect(mine.locator(".message-success")).to_contain_text("退回承办单位")
    case.refresh_from_db()
    assert (case.status, case.callback_resolved, case.satisfaction) == (
        "accepted",
        False,
        "dissatisfied",
    )
    resident.close()


def _log_in(page: Page, username: str) -> None:
    from tests.factories import PASSWORD

    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/home/")


def test_the_resident_pages_fit_a_phone_in_every_text_size(db, browser: Browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    too_wide = []
    for size in TEXT_SIZES:
        context.add_cookies([{"name": TEXT_SIZE_COOKIE, "value": size, "url": live_server.url}])
        for path in ("/12345/report/", "/12345/track/", "/join/", "/"):
            page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                too_wide.append(f"{path} at {size}: {width}px")
    context.close()
    assert too_wide == []


def test_the_track_and_join_pages_pass_axe(db, page: Page):
    for path in ("/12345/track/", "/join/"):
        page.goto(path)
        assert axe_violations(page) == [], path
