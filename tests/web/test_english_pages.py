"""English pages carry no Chinese: every main page of every role, rendered in English.

The people of the cast get Latin names here, so any Chinese left on a page comes from the
platform's own words (untranslated labels, Chinese in an English string), not from user data.
Text marked as Chinese (``lang="zh-Hans"``, such as the language switch) is allowed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class VisibleText(HTMLParser):
    """The page's text, without scripts, styles and parts marked as another language."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and (found.get("href") or "").startswith("/"):
            self.links.append(found["href"] or "")
        if tag in VOID:
            return
        if self._skipping:
            self._skipping += 1
        elif tag in {"script", "style"} or (found.get("lang") or "en")[:2] != "en":
            self._skipping = 1

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and tag not in VOID:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def read(html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html)
    return parser


def chinese_on(client, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(path)
    # 403: a tile whose page explains why it is not for this person yet (an elder whom the
    # station has not registered); its explanation must be English too.
    assert response.status_code in {200, 403}, path
    return CJK.findall(" ".join(read(response.content.decode()).parts))


def main_pages(client) -> list[str]:  # type: ignore[no-untyped-def]
    """The home page and every page its menu and tiles lead to."""
    home = read(client.get("/home/").content.decode())
    wanted = [link for link in home.links if not link.startswith(("/admin/", "/accounts/"))]
    return ["/home/", *dict.fromkeys(link.split("#")[0] for link in wanted if link != "/home/")]


def test_the_reader_finds_chinese_outside_marked_parts():
    page = read('<p>Hello <span lang="zh-Hans">你好</span> 世界<br><script>"脚本"</script></p>')
    assert CJK.findall(" ".join(page.parts)) == ["世界"]


@pytest.mark.parametrize(
    "member",
    [
        "city_admin",
        "chaoyang_admin",
        "station_operator",
        "volunteer",
        "elder",
        "family",
        "dispatcher",
        "unit_staff",
        "department_staff",
        "leader",
        "programme_office",
        "outsider",
    ],
)
def test_every_main_page_of_each_role_is_english_in_english(client, cast, member):
    for number, person in enumerate(cast.all().values()):
        person.name = f"Person {number}"
        person.save(update_fields=["name"])
    client.force_login(getattr(cast, member))
    client.cookies["django_language"] = "en"
    found = {path: chinese_on(client, path) for path in main_pages(client)}
    assert {path: text for path, text in found.items() if text} == {}
