"""The main flow in a real browser, in Chinese: an elder posts a request (or the station posts
for her), the station approves and assigns, the volunteer signs in and out, the elder confirms,
and the coins move."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from minsheng.timebank import ledger
from minsheng.timebank.models import OrderState, ServiceOrder
from tests.browser.conftest import axe_violations
from tests.timebank import conftest as timebank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The Time Bank's world (tests/timebank/conftest.py), for these tests of the live server.
tb = timebank.tb


def switch_to(page: Page, login, username: str) -> Page:
    if page.locator("#logout-button").count():
        page.locator("#logout-button").click()
    return login(username)


def tomorrow_at_ten() -> str:
    day = timezone.localdate() + dt.timedelta(days=1)
    return f"{day:%Y-%m-%d}T10:00"


def test_an_elder_is_served_from_request_to_payment(tb, login):
    elder, volunteer = tb.cast.elder, tb.cast.volunteer
    page = login("elder")
    page.get_by_role("link", name="我要求助").first.click()
    page.get_by_label(re.compile("^服务")).select_option(label="情感慰藉 · 陪伴聊天")
    page.get_by_label(re.compile("^时间")).fill(tomorrow_at_ten())
    page.get_by_label("时长").select_option("60")
    page.get_by_label("需要什么帮助").fill("想找人聊聊天")
    page.get_by_role("button", name="发布需求").click()
    expect(page.locator("h1 .status")).to_have_text("待审核")
    order = ServiceOrder.objects.get(beneficiary=elder)

    page = switch_to(page, login, "jinsong-station")
    page.goto("/timebank/station/")
    page.get_by_role("link", name=f"{order.reference} 陪伴聊天").click()
    page.get_by_role("button", name="批准").click()
    expect(page.locator(".message-success")).to_contain_text("审核通过")
    page.get_by_role("link", name="指派志愿者").click()
    page.get_by_label(re.compile("^志愿者")).select_option(label=volunteer.name)
    page.get_by_role("button", name="指派", exact=True).click()
    expect(page.locator("h1 .status")).to_have_text("已预约")
    assert ledger.hold_account(elder).balance == 60

    page = switch_to(page, login, "volunteer")
    page.goto("/timebank/my/services/")
    page.get_by_role("button", name="现在签到").click()
    expect(page.locator("h1 .status")).to_have_text("志愿者已签到")
    # An hour of company passes.
    ServiceOrder.objects.filter(pk=order.pk).update(
        signed_in_at=timezone.now() - dt.timedelta(minutes=60)
    )
    page.get_by_role("button", name="现在签退").click()
    expect(page.locator("h1 .status")).to_have_text("待确认")

    # Signed without the door code: the station confirms the visit, once by the code the elder
    # reads out over the phone, once because it knows.
    page = switch_to(page, login, "jinsong-station")
    page.goto("/timebank/field/desk/")
    sign_in, sign_out = order.presence_checks.order_by("at")
    page.locator(f"#check-{sign_in.pk}").get_by_label("老人报的验证码").fill(sign_in.phone_code)
    page.locator(f"#check-{sign_in.pk}").get_by_role("button", name="用老人报的验证码确认").click()
    expect(page.locator(".message-success")).to_contain_text("验证码正确")
    page.locator(f"#check-{sign_out.pk}").get_by_role(
        "button", name="确认：驿站知道服务确实进行了"
    ).click()
    expect(page.locator(".message-success")).to_contain_text("驿站已确认")

    page = switch_to(page, login, "elder")
    page.goto("/timebank/my/requests/")
    page.get_by_role("link", name=f"{order.reference} 陪伴聊天").click()
    page.get_by_role("link", name="确认并评价").click()
    page.get_by_label("5 · 非常满意").check()
    page.get_by_label("评价（可不填）").fill("聊得很开心")
    page.get_by_role("button", name="确认并支付").click()
    expect(page.locator("h1 .status")).to_have_text("已确认并支付")

    order.refresh_from_db()
    assert order.state == OrderState.SETTLED
    assert ledger.person_account(volunteer).balance == 60
    assert ledger.person_account(elder).balance == 20 * 60 - 60
    assert ledger.hold_account(elder).balance == 0

    page = switch_to(page, login, "volunteer")
    page.goto("/timebank/account/")
    expect(page.locator(".big-number").first).to_contain_text("1")


def test_the_station_posts_for_an_elder_without_a_smartphone(tb, login):
    grandma = tb.elder("王", age=86, login=False)
    page = login("jinsong-station")
    page.goto(f"/timebank/station/elders/{grandma.elder_profile.pk}/")
    page.get_by_role("link", name="代此人发布需求").click()
    page.get_by_label(re.compile("^服务")).select_option(label="协助服务 · 代购代买")
    page.get_by_label(re.compile("^时间")).fill(tomorrow_at_ten())
    page.get_by_role("button", name="发布需求").click()
    expect(page.locator(".timeline")).to_contain_text(f"代{grandma.name}")
    event = ServiceOrder.objects.get(beneficiary=grandma).events.get()
    assert (event.actor, event.on_behalf_of) == (tb.cast.station_operator, grandma)


def test_a_volunteer_books_from_the_requests_near_her(tb, login):
    order = tb.approved(tb.cast.elder)
    page = login("volunteer")
    page.get_by_role("link", name="附近的需求").first.click()
    page.get_by_role("link", name="预约这项服务").first.click()
    expect(page.locator("h1")).to_have_text("确认预约")
    page.get_by_role("button", name="确认预约这项服务").click()
    expect(page.locator(".message-success")).to_contain_text("您已预约")
    order.refresh_from_db()
    assert order.volunteer == tb.cast.volunteer


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("volunteer", "/timebank/requests/"),
        ("elder", "/timebank/account/"),
        ("elder", "/timebank/requests/new/"),
        ("jinsong-station", "/timebank/station/"),
        ("city-admin", "/timebank/reports/"),
        ("city-admin", "/timebank/settings/"),
    ],
)
def test_time_bank_pages_have_no_serious_accessibility_violations(tb, login, username, path):
    tb.settled(tb.cast.elder, tb.cast.volunteer)
    tb.approved(tb.cast.elder)
    page = login(username)
    page.goto(path)
    assert axe_violations(page) == []
