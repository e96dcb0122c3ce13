"""No page answers a server error to odd query parameters.

Each role's pages are found the way a person finds them (from the home page, following links),
and each page is asked again with every parameter of its search forms, and ``page``, set to
values people and scripts send by mistake or on purpose: negative, not a number, too large for
any column, a NUL byte, very long, an impossible date, a time with an offset no zone has.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

ODD_VALUES = (
    "-1",
    "abc",
    "99999999999999999999",
    "\x00",
    "长" * 3000,
    "9999-99-99",
    "2309-03-12T17:46:43+18:31",
)
PAGES_PER_ROLE = 40
LEFT_OUT = ("/admin/", "/accounts/logout", "/static/", "/media/")


class PageLinks(HTMLParser):
    """The page's own links, and the fields of its search (GET) forms."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.fields: set[str] = set()
        self._in_search_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        href = found.get("href") or ""
        if tag == "a" and href.startswith("/") and not href.startswith(LEFT_OUT):
            self.links.append(href.split("#")[0])
        elif tag == "form":
            self._in_search_form = (found.get("method") or "get").lower() == "get"
        elif tag in {"input", "select", "textarea"} and self._in_search_form and found.get("name"):
            self.fields.add(found["name"] or "")


def server_errors(client, path: str, found: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """The page, then the page with each odd value in each of its search fields; the page's
    links join ``found``."""
    response = client.get(path)
    if response.status_code >= 500:
        return [path]
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    page = PageLinks()
    page.feed(response.content.decode())
    found.extend(page.links)
    base = path.split("?")[0]
    return [
        f"{base}?{field}={value[:12]!r}"
        for field in sorted(page.fields | {"page"})
        for value in ODD_VALUES
        if client.get(f"{base}?{urlencode({field: value})}").status_code >= 500
    ]


@pytest.mark.parametrize("member", ["city_admin", "station_operator", "dispatcher", "volunteer"])
def test_no_page_answers_odd_query_parameters_with_a_server_error(client, served_world, member):
    client.raise_request_exception = False
    client.force_login(getattr(served_world.cast, member))
    found, visited, errors = ["/home/"], set(), []
    while found and len(visited) < PAGES_PER_ROLE:
        path = found.pop(0)
        if path not in visited:
            visited.add(path)
            errors += server_errors(client, path, found)
    assert len(visited) > 5  # the walk reached the role's pages
    assert errors == []
