"""Notifications in a real browser: a volunteer turns on browser notifications, an elder posts a
request, the volunteer's inbox shows it and a push reaches the (local) push service; the
volunteer books, and the elder's text message (the SMS outbox) and her son's e-mail (a local SMTP
server) say so.

Chromium's own push service is on the internet, which tests never reach: the page's
``PushManager.subscribe`` is replaced by one that returns a subscription at a local endpoint, with
keys the test holds, so that the test can decrypt what the platform pushed. Everything else (the
service worker, the button, the API call, the encryption and VAPID signature) is the real thing.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from minsheng.jobs import runner
from minsheng.notifications import delivery
from minsheng.notifications.actions import save_preferences
from minsheng.notifications.models import OutboxMessage, PushSubscription
from minsheng.timebank.actions import orders
from minsheng.timebank.models import ServiceOrder, VolunteerProfile
from tests.notifications.conftest import verified_family
from tests.notifications.servers import Received, http_server, smtp_for_django
from tests.notifications.test_push import Browser, b64url
from tests.timebank import conftest as timebank

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

tb = timebank.tb


def worker() -> None:
    """What ``minsheng worker`` does in the background: follow, then send."""
    for _round in range(5):
        if not runner.run_pending():
            return


def switch_to(page: Page, login, username: str) -> Page:  # type: ignore[no-untyped-def]
    if page.locator("#logout-button").count():
        page.locator("#logout-button").click()
    return login(username)


def fake_push_manager(endpoint: str, keys: Browser) -> str:
    """A script replacing the browser's push service by a subscription at ``endpoint``."""
    return f"""
      PushManager.prototype.subscribe = async function () {{
        return {{
          endpoint: "{endpoint}",
          toJSON() {{
            return {{ endpoint: "{endpoint}", keys: {{ p256dh: "{keys.p256dh}", auth: "{b64url(keys.auth)}" }} }};
          }},
        }};
      }};
    """


@pytest.fixture
def push_service(settings):  # type: ignore[no-untyped-def]
    settings.NOTIFICATIONS_PUSH = {"subject": "mailto:test@minsheng.local", "allow_http": True}

    def accept(request: Received) -> tuple[int, dict[str, str], bytes]:
        return 201, {"Location": "/push/msg/1"}, b""

    with http_server(accept) as (url, received):
        yield url, received


@pytest.fixture
def smtp(settings):  # type: ignore[no-untyped-def]
    with smtp_for_django(settings) as mailbox:
        yield mailbox


def in_three_hours() -> str:
    moment = timezone.localtime() + dt.timedelta(hours=3)
    return f"{moment:%Y-%m-%dT%H}:00"


def test_a_request_reaches_the_volunteer_and_the_booking_reaches_the_family(
    tb, login, page, push_service, smtp
):
    elder, volunteer, family = tb.cast.elder, tb.cast.volunteer, tb.cast.family
    elder.set_phone("13812345678")
    elder.save()
    # The elder shares with her son, who reads e-mail; no quiet hours whatever the test's hour.
    verified_family(elder, family)
    save_preferences(
        actor=elder,
        person=elder,
        share_with_family=True,
        quiet_start=dt.time(0),
        quiet_end=dt.time(0),
    )
    save_preferences(actor=family, person=family, email="zhao.lei@example.cn", sms_enabled=False)
    profile = VolunteerProfile.objects.get(person=volunteer)

    # The volunteer turns on browser notifications.
    url, pushed = push_service
    keys = Browser()
    page.context.grant_permissions(["notifications"])
    page.add_init_script(fake_push_manager(f"{url}/push/volunteer-1", keys))
    page = login("volunteer")
    page.goto("/notifications/preferences/")
    page.get_by_role("button", name="在此浏览器中显示通知").click()
    expect(page.locator("#push-status")).to_have_text("此浏览器将显示通知。")
    assert PushSubscription.objects.get().person == volunteer

    # The elder asks for help in three hours; the station approves.
    page = switch_to(page, login, "elder")
    page.get_by_role("link", name="我要求助").first.click()
    page.get_by_label(re.compile("^服务")).select_option(label="情感慰藉 · 陪伴聊天")
    page.get_by_label(re.compile("^时间")).fill(in_three_hours())
    page.get_by_label("时长").select_option("60")
    page.get_by_role("button", name="发布需求").click()
    order = ServiceOrder.objects.get(beneficiary=elder)
    profile.skills.add(order.category)
    orders.approve_order(actor=tb.cast.station_operator, order=order)
    worker()

    # The volunteer's inbox shows it, and the push reached the push service, encrypted for her.
    page = switch_to(page, login, "volunteer")
    expect(page.locator("#notification-count")).to_have_text("1")
    page.locator("#notification-bell").click()
    expect(page.locator(".notification-list")).to_contain_text("陪伴聊天")
    (request,) = pushed
    assert "陪伴聊天" in keys.decrypt(request.body)["title"]

    # She opens it from the inbox and books it.
    page.locator(".notification-list a").first.click()
    page.get_by_role("link", name="预约这项服务").click()
    page.get_by_role("button", name="确认预约这项服务").click()
    expect(page.locator("h1 .status")).to_have_text("已预约")
    worker()
    delivery.deliver_due()

    text = OutboxMessage.objects.get(
        delivery__recipient=elder, delivery__event__kind="timebank.booked"
    )
    assert text.phone_masked == "138****5678" and volunteer.name in text.text
    to_son = [m["Subject"] for m in smtp.messages if m["To"] == "zhao.lei@example.cn"]
    assert any(volunteer.name in subject and elder.name in subject for subject in to_son)

    # The station sees the text in its outbox, the number masked.
    page = switch_to(page, login, "jinsong-station")
    page.goto("/notifications/outbox/")
    expect(page.locator("table")).to_contain_text("138****5678")
    expect(page.locator("table")).to_contain_text(volunteer.name)
