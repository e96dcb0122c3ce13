"""Every display mode keeps text readable, and phones never scroll sideways.

Contrast: in each colour mode of ``web.preferences`` the text of the shell (menu, headings,
buttons, links, cards, tables) is measured against the background it is drawn on, as WCAG
defines the ratio; axe-core does not see text on a background set by an ancestor's colour mode.

Narrow screens: at 390 px wide, in every text size, no main page of any role is wider than the
screen (cards, tables, the header).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page

from minsheng.cases.taxonomy import load_default
from minsheng.hotline import actions as hotline
from minsheng.hotline.models import Category
from minsheng.monthly.programme import actions as programme
from minsheng.people.models import Organisation
from minsheng.regions.models import Region
from minsheng.web.preferences import CONTRAST_COOKIE, CONTRASTS, TEXT_SIZE_COOKIE, TEXT_SIZES
from tests.browser.session import log_in
from tests.factories import MEMBERS
from tests.timebank import conftest as timebank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

tb = timebank.tb

PHONE = {"width": 390, "height": 844}

# The shell's text: the menu, headings, buttons, links, cards, tiles, tables, form labels.
TEXT = (
    ".main-nav a, .brand, h1, h2, h3, .button, .tool-button, main a, .card, .card p, "
    ".tile-title, .badge, .hint, label, th, td, .site-footer p"
)

CONTRAST_FAILURES = """(selector) => {
  function rgba(value) {
    const parts = value.match(/[\\d.]+/g).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  }
  function over(top, below) {  // top composited over an opaque colour
    return {
      r: top.r * top.a + below.r * (1 - top.a),
      g: top.g * top.a + below.g * (1 - top.a),
      b: top.b * top.a + below.b * (1 - top.a),
      a: 1,
    };
  }
  function background(element) {  // the colour the element's text is drawn on
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour.a > 0) { layers.push(colour); }
      if (colour.a >= 1) { break; }
    }
    return layers.reverse().reduce((below, top) => over(top, below), { r: 255, g: 255, b: 255, a: 1 });
  }
  function luminance(c) {
    const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  }
  const failures = [];
  for (const element of document.querySelectorAll(selector)) {
    const text = Array.from(element.childNodes)
      .filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent.trim()).join("");
    const box = element.getBoundingClientRect();
    if (!text || box.width === 0 || box.height === 0) { continue; }
    const back = background(element);
    const fore = over(rgba(getComputedStyle(element).color), back);
    const [light, dark] = [luminance(fore), luminance(back)].sort((x, y) => y - x);
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < 4.5) {
      failures.push(`${element.tagName.toLowerCase()}.${element.className} "${text.slice(0, 20)}": ${ratio.toFixed(2)}`);
    }
  }
  return failures;
}"""


@pytest.fixture
def world(tb):  # type: ignore[no-untyped-def]
    """The cast with something on every page: a settled service and an open request, a case in
    the Jinsong office's hands, and a programme with one problem."""
    elder, volunteer = tb.cast.elder, tb.cast.volunteer
    tb.settled(elder, volunteer)
    tb.approved(elder)
    load_default(Category)
    case = hotline.receive_case(
        actor=tb.cast.dispatcher,
        content="劲松三区5号楼电梯坏了三天，老人下不了楼，物业一直没有派人来修理。",
        title="电梯故障",
        kind="complaint",
        caller_name="张桂芳",
        caller_phone="13812345678",
        subdistrict=Region.objects.get(code="110105017"),
        address="劲松三区5号楼",
        category=Category.objects.get(code="030201"),
    )
    hotline.dispatch_case(
        actor=tb.cast.dispatcher, case=case, unit=Organisation.objects.get(code="SD-110105017")
    )
    plan = programme.create_plan(
        actor=tb.cast.programme_office, year=timezone.localdate().year, title="每月一题"
    )
    theme = programme.save_theme(
        actor=tb.cast.programme_office, plan=plan, month=5, title="老旧小区综合整治"
    )
    programme.create_problem(
        actor=tb.cast.programme_office,
        theme=theme,
        title="老旧小区加装电梯难",
        description="六层老楼没有电梯，老人上下楼难。",
        leader=tb.cast.leader,
        lead_department=Organisation.objects.get(code="BJ-ZJW"),
        key_phrases=["电梯"],
    )
    return tb


@pytest.fixture
def phone(browser: Browser, live_server) -> Iterator[BrowserContext]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE)
    context.set_default_timeout(20_000)
    yield context
    context.close()


def main_pages(page: Page) -> list[str]:
    """The home page and the pages its menu and tiles lead to."""
    links = page.eval_on_selector_all(
        ".main-nav a, main .tile a, main .waiting a", "links => links.map(a => a.pathname)"
    )
    wanted = [link for link in links if not link.startswith(("/admin/", "/accounts/"))]
    return ["/home/", *dict.fromkeys(link for link in wanted if link != "/home/")]


def choose(context: BrowserContext, live_server, cookie: str, value: str) -> None:  # type: ignore[no-untyped-def]
    context.add_cookies([{"name": cookie, "value": value, "url": live_server.url}])


# --- Contrast ------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", list(CONTRASTS))
def test_text_stands_out_from_its_background_in_every_colour_mode(
    world, browser: Browser, live_server, mode
):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    choose(context, live_server, CONTRAST_COOKIE, mode)
    page = context.new_page()
    found = {}
    page.goto("/")
    found["/"] = page.evaluate(CONTRAST_FAILURES, TEXT)
    for username, path in (
        ("city-admin", "/home/"),
        ("volunteer", "/timebank/account/"),
        ("jinsong-station", "/people/"),
        ("monthly-office", f"/monthly/programme/{timezone.localdate().year}/"),
    ):
        context.clear_cookies()
        choose(context, live_server, CONTRAST_COOKIE, mode)
        log_in(page, username)
        page.goto(path)
        assert page.locator("html").get_attribute("class").endswith(f"contrast-{mode}")
        found[f"{username} {path}"] = page.evaluate(CONTRAST_FAILURES, TEXT)
    context.close()
    assert {where: failures for where, failures in found.items() if failures} == {}


def test_the_contrast_measure_sees_yellow_on_yellow(page: Page):
    page.set_content(
        '<nav style="background: #ffff00"><a style="color: #ffff00" href="#">菜单</a></nav>'
        '<p style="color: #1b1b1b">正文</p>'
    )
    assert page.evaluate(CONTRAST_FAILURES, "a, p") == ['a. "菜单": 1.00']


# --- Narrow screens ------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("username", [member.username for member in MEMBERS])
def test_no_main_page_scrolls_sideways_on_a_phone_in_any_text_size(
    world, phone: BrowserContext, live_server, username
):  # type: ignore[no-untyped-def]
    page = phone.new_page()
    log_in(page, username)
    pages = main_pages(page)
    too_wide = []
    for size in TEXT_SIZES:
        choose(phone, live_server, TEXT_SIZE_COOKIE, size)
        for path in pages:
            page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > min(PHONE["width"], page.evaluate("window.innerWidth")):
                too_wide.append(f"{path} at {size}: {width}px")
    assert pages[0] == "/home/" and too_wide == []


def test_the_header_leaves_most_of_a_phone_screen_to_the_page(world, phone: BrowserContext):  # type: ignore[no-untyped-def]
    page = phone.new_page()
    log_in(page, "volunteer")
    page.goto("/timebank/account/")
    header = page.locator("header").bounding_box()
    assert header is not None and header["height"] < PHONE["height"] / 3
    # The account links are folded under the person's name, and still work.
    page.locator(".account-menu summary").click()
    page.locator(".account-menu button[type=submit]").click()
    page.wait_for_url("**/")
    assert page.locator(".account-menu").count() == 0


def test_tables_become_labelled_lists_on_a_phone(world, phone: BrowserContext):  # type: ignore[no-untyped-def]
    page = phone.new_page()
    log_in(page, "volunteer")
    page.goto("/timebank/account/")
    cell = page.locator("table.data tbody td").first
    assert cell.get_attribute("data-label")
    assert cell.evaluate("c => getComputedStyle(c).display") == "block"
    label = cell.evaluate("c => getComputedStyle(c, '::before').content")
    assert label.strip('"') == cell.get_attribute("data-label")


# --- The Chinese font ----------------------------------------------------------------------------


def test_chinese_text_is_drawn_in_the_font_the_platform_ships(page: Page, live_server):  # type: ignore[no-untyped-def]
    fonts: list[str] = []
    page.on("response", lambda r: fonts.append(r.url) if r.url.endswith(".woff2") else None)
    page.goto("/")
    page.evaluate("document.fonts.ready.then(() => true)")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.family.includes('Noto Sans SC') && f.status === 'loaded').length"
    )
    assert loaded > 0
    assert fonts and all(
        url.startswith(f"{live_server.url}/static/vendor/noto-sans-sc/") for url in fonts
    )
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Noto Sans SC Variable"')
