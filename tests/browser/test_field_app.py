"""The volunteers' phone app in Chromium at 390 px, in Chinese: installable (manifest, service
worker); the volunteer opens a booked visit, goes offline, signs in and out by scanning the door's
QR code fed to the camera, comes back online; the visit arrives QR-verified with the phone's
times, settles, and the elder's family is told."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable

import pytest
import segno
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from minsheng.jobs import runner
from minsheng.notifications.actions import save_preferences
from minsheng.notifications.models import Message
from minsheng.timebank import clock, ledger
from minsheng.timebank.actions import settlement
from minsheng.timebank.models import OrderState
from minsheng.timebank.presence import actions, guard, tokens
from minsheng.timebank.presence.models import Device
from tests.browser.conftest import axe_violations
from tests.browser.session import log_in
from tests.notifications.conftest import verified_family
from tests.timebank import conftest as timebank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

tb = timebank.tb
PHONE = {"width": 390, "height": 844}

# The camera shows the door code: getUserMedia answers a canvas stream with the QR image on it.
FAKE_CAMERA = """
(() => {
  const source = %s;
  navigator.mediaDevices.getUserMedia = async () => {
    const image = new Image();
    image.src = source;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = 480;
    canvas.height = 480;
    const context = canvas.getContext("2d");
    const draw = () => {
      context.fillStyle = "#fff";
      context.fillRect(0, 0, 480, 480);
      context.drawImage(image, 40, 40, 400, 400);
    };
    draw();
    setInterval(draw, 100);
    return canvas.captureStream(10);
  };
})();
"""


@pytest.fixture
def phone(browser: Browser, live_server) -> Page:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        bypass_csp=True,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def wait_until(condition: Callable[[], bool], seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("waited in vain")
        time.sleep(0.2)


def test_the_app_is_installable_and_fits_a_phone_at_every_text_size(tb, phone):
    tb.booked(tb.cast.elder, tb.cast.volunteer, address="劲松北社区3号楼2单元")
    log_in(phone, "volunteer")
    phone.get_by_role("link", name="今天的上门服务（手机应用）").click()
    manifest_url = phone.locator("link[rel=manifest]").get_attribute("href")
    manifest = json.loads(phone.request.get(manifest_url).text())
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/timebank/field/"
    scope = phone.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope.endswith("/timebank/field/")
    expect(phone.get_by_text("劲松北社区3号楼2单元")).to_be_visible()
    for size in ("normal", "large", "largest"):
        phone.locator(f"button.size-{size}").click()
        phone.wait_for_load_state()
        assert fits_the_screen(phone), size
        box = phone.get_by_role("button", name="扫描门码签到").bounding_box()
        assert box is not None and box["height"] >= 44
    assert axe_violations(phone) == []


def test_a_visit_signed_offline_by_the_door_code_settles_as_qr_verified(tb, phone):
    elder, volunteer, family = tb.cast.elder, tb.cast.volunteer, tb.cast.family
    verified_family(elder, family)
    save_preferences(actor=elder, person=elder, share_with_family=True)
    door = actions.issue_card(actor=tb.cast.station_operator, elder=elder)
    qr_image = segno.make(tokens.token_for(door.code), error="m").png_data_uri(scale=8)
    # Booked yesterday for two hours ago: the phone's times lie in the past, within the delay.
    now = timezone.now().replace(second=0, microsecond=0)
    start = now - dt.timedelta(hours=2)
    with clock.at(start - dt.timedelta(hours=20)):
        order = tb.booked(elder, volunteer, starts_at=start)
    phone.add_init_script(FAKE_CAMERA % json.dumps(qr_image))
    phone.context.grant_permissions(["camera"])

    log_in(phone, "volunteer")
    phone.goto("/timebank/field/")
    phone.evaluate("navigator.serviceWorker.ready")
    wait_until(lambda: Device.objects.filter(owner=volunteer).exists())
    phone.reload()  # now through the service worker, which keeps the page

    phone.context.set_offline(True)
    phone.reload()
    visit = phone.locator(f"#visit-{order.pk}")
    expect(visit).to_be_visible()
    phone.clock.set_fixed_time(start + dt.timedelta(minutes=1))
    visit.get_by_role("button", name="扫描门码签到").click()
    expect(phone.locator("#field-status")).to_contain_text("已连同时间保存在手机上")
    phone.clock.set_fixed_time(start + dt.timedelta(minutes=61))
    visit.get_by_role("button", name="扫描门码签退").click()
    expect(phone.locator("#field-queue")).to_contain_text("2")
    order.refresh_from_db()
    assert order.state == OrderState.BOOKED  # nothing reached the server while offline

    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(phone.locator("#field-status")).to_contain_text("手机上保存的签到已发送")
    order.refresh_from_db()
    assert order.state == OrderState.SIGNED_OUT
    assert order.signed_in_at == start + dt.timedelta(minutes=1)
    assert order.signed_minutes == 60
    checks = list(order.presence_checks.all())
    assert [(c.kind, c.method, c.offline) for c in checks] == [
        ("sign_in", "qr", True),
        ("sign_out", "qr", True),
    ]

    with clock.at(timezone.now()):
        order = settlement.confirm_order(actor=elder, order=order, rating=5)
    assert order.state == OrderState.SETTLED
    assert guard.method_of([c.method for c in checks]) == "qr"
    assert ledger.person_account(volunteer).balance == 60
    while runner.run_pending():
        pass
    told = set(Message.objects.filter(recipient=family).values_list("event__kind", flat=True))
    assert {"timebank.signed_in", "timebank.signed_out"} <= told
