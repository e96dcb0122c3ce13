"""The elder's call button and the family's card in Chromium: large enough to tap, and without
serious accessibility violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from minsheng.timebank.models import Station
from tests.browser.conftest import axe_violations
from tests.timebank import conftest as timebank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

tb = timebank.tb
PHONE = "010-67781234"


@pytest.fixture
def world(tb):  # type: ignore[no-untyped-def]
    Station.objects.filter(pk=tb.station.pk).update(phone=PHONE)
    tb.booked(tb.cast.elder, tb.cast.volunteer)
    return tb


def test_the_elders_call_button_is_large_and_on_every_page(world, login):
    page = login("elder")
    for path in ("/home/", "/timebank/account/"):
        page.goto(path)
        button = page.locator(".station-call a.button-call")
        expect(button).to_have_attribute("href", f"tel:{PHONE}")
        box = button.bounding_box()
        assert box is not None and box["height"] >= 48 and box["width"] >= 200
    assert axe_violations(page) == []


def test_the_familys_card_of_the_elders_account(world, login):
    page = login("family")
    card = page.locator(".relative-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(world.cast.elder.name)
    expect(card.locator(f'a[href="tel:{PHONE}"]')).to_be_visible()
    assert axe_violations(page) == []
