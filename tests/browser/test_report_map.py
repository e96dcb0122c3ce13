"""The report page's map in Chromium: a tap places the marker and fills the latitude and
longitude; dragging it moves the spot. Tiles come from this site (no outside address), and the
page's own content security policy stays on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_TILES = "/static/web/apple-touch-icon.png?z={z}&x={x}&y={y}"


@pytest.fixture
def strict_page(browser: Browser, live_server, settings) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    settings.MINSHENG_MAP_TILES = LOCAL_TILES
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def test_a_tap_on_the_map_places_the_marker_and_fills_the_spot(strict_page: Page):
    page = strict_page
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto("/12345/report/")
    latitude = page.get_by_label("地点纬度（选填）")
    longitude = page.get_by_label("地点经度（选填）")
    area = page.locator("#spot-map")
    expect(area.locator(".leaflet-tile-loaded").first).to_be_attached()
    area.click(position={"x": 120, "y": 120})
    marker = area.locator(".leaflet-marker-icon")
    expect(marker).to_have_count(1)
    first = (float(latitude.input_value()), float(longitude.input_value()))
    assert 39.4 < first[0] < 41.1 and 115.4 < first[1] < 117.6
    # Dragging the marker moves the spot to where it is dropped.
    box = marker.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 200, box["y"] + 120, steps=8)
    page.mouse.up()
    expect(latitude).not_to_have_value(f"{first[0]:.6f}")
    moved = (float(latitude.input_value()), float(longitude.input_value()))
    assert moved[0] < first[0] and moved[1] > first[1]  # further south and east
    # Typing the spot moves the marker there.
    latitude.fill("39.884")
    longitude.fill("116.462")
    longitude.dispatch_event("change")
    expect(marker).to_have_count(1)
    assert problems == []


def test_without_tiles_the_district_outlines_are_drawn_and_a_tap_fills_the_spot(
    browser: Browser, live_server, settings
):  # type: ignore[no-untyped-def]
    settings.MINSHENG_MAP_TILES = ""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(live_server.url) and not request.url.startswith("data:")
            else None
        ),
    )
    page.goto("/12345/report/")
    area = page.locator("#spot-map")
    expect(area.locator("path.leaflet-interactive")).to_have_count(16)
    assert area.locator(".leaflet-tile").count() == 0
    latitude = page.get_by_label("地点纬度（选填）")
    longitude = page.get_by_label("地点经度（选填）")
    box = area.bounding_box()
    assert box is not None
    area.click(position={"x": box["width"] / 2, "y": box["height"] / 2})
    expect(area.locator(".leaflet-marker-icon")).to_have_count(1)
    spot = (float(latitude.input_value()), float(longitude.input_value()))
    assert 39.4 < spot[0] < 41.1 and 115.4 < spot[1] < 117.6
    assert problems == [] and outside == []
    context.close()


def test_the_report_page_with_its_map_passes_axe(page: Page, settings):  # type: ignore[no-untyped-def]
    settings.MINSHENG_MAP_TILES = LOCAL_TILES
    page.goto("/12345/report/")
    expect(page.locator("#spot-map .leaflet-tile-loaded").first).to_be_attached()
    assert axe_violations(page) == []
