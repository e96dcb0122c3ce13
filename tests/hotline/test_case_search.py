"""Word search over cases: the index of character pairs finds exactly the cases a substring
search finds (migration ``0015_case_text_pairs``, ``CaseQuerySet.matching``)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from minsheng.core import pagination
from minsheng.core.pagination import BoundedPaginator
from minsheng.core.planning import local_settings
from minsheng.hotline import actions, search
from minsheng.hotline.models import Case

# (title, request, address)
TEXTS = [
    ("楼道堆物", "三号楼楼道堆放杂物，存在消防隐患。", "望京街道12号"),
    ("噪音扰民", "夜间施工噪音扰民，影响休息", "望京街道1 2号"),
    ("", "Elevator out of order in building A 座", "朝阳区劲松一区"),
    ("停车难", "小区停车位不足，ELEVATOR 也坏了", ""),
    ("标题尾", "内容头：路灯不亮", "劲松五区"),
    ("", "百分之50%的住户没有暖气", "劲松_八区"),
]


@pytest.fixture
def searched(cast, jinsong, lift_category) -> list[Case]:  # type: ignore[no-untyped-def]
    return [
        actions.receive_case(
            actor=cast.dispatcher,
            title=title,
            content=content,
            address=address,
            subdistrict=jinsong,
            category=lift_category,
        )
        for title, content, address in TEXTS
    ]


def holding(cases: list[Case], words: str) -> set[str]:
    """What a plain substring search in any case of letters finds, and the number itself."""
    return {
        case.number
        for case in cases
        if case.number == words
        or any(words.upper() in text.upper() for text in (case.title, case.content, case.address))
    }


@pytest.mark.parametrize(
    "words",
    [
        "噪音",  # two characters, most Chinese searches
        "楼道堆",  # three, across the title and the request of one case
        "望京街道12号",  # the address: not the one written "1 2号"
        "elevator",  # any case of letters
        "A 座",  # with a space
        "50%",  # LIKE's wildcards are plain characters here
        "_八区",
        "标题尾内容头",  # across two fields: not a match
        "暖气片",  # not there at all
    ],
)
def test_words_find_exactly_the_cases_that_hold_them(searched, words):
    found = set(Case.objects.matching(words).values_list("number", flat=True))
    assert found == holding(searched, words)
    if words not in {"标题尾内容头", "暖气片"}:
        assert found  # the case list above holds each of the others


def test_a_case_number_finds_its_case(searched):
    number = searched[3].number
    assert list(Case.objects.matching(number).values_list("number", flat=True)) == [number]


def test_the_search_is_served_by_the_pairs_index(searched):
    with transaction.atomic(), connection.cursor() as cursor:
        # A handful of cases would be read whole; show that the index can answer the search.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = Case.objects.matching("楼道堆物").order_by().explain()
    assert "case_text_pairs" in plan


# Texts of characters that upper-casing, spaces, punctuation, line ends and the index's own
# separators (chr(1), chr(2)) could trip up.
ALPHABET = st.sampled_from(list("aAbß中文 ，\n\x01\x02%_1"))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parts=st.tuples(*[st.text(ALPHABET, max_size=12)] * 3),
    which=st.integers(0, 2),
    bounds=st.tuples(st.integers(0, 12), st.integers(2, 12)),
)
def test_every_pair_of_words_in_a_text_is_among_its_indexed_pairs(db, parts, which, bounds):
    start, length = bounds
    words = parts[which][start : start + length]
    if len(words) < 2 or "\x01" in words or "\x02" in words:
        return  # the search form removes control characters; one character is refused
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT hotline_case_text_pairs(%s, %s, %s) @> hotline_search_pairs(%s)",
            [*parts, words],
        )
        assert cursor.fetchone()[0]


def test_one_character_is_refused_with_a_reason(client, cast, searched):
    client.force_login(cast.dispatcher)
    page = client.get(reverse("hotline:cases"), {"q": "噪"}).content.decode()
    assert "请输入至少两个字再搜索" in page
    english = client.get(reverse("hotline:cases"), {"q": "噪"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Type at least two characters to search." in english.content.decode()


def test_the_case_list_shows_what_the_words_find(client, cast, searched):
    client.force_login(cast.dispatcher)
    page = client.get(reverse("hotline:cases"), {"q": " 噪音\x07"}).content.decode()
    assert searched[1].number in page and searched[0].number not in page


def test_the_api_searches_and_refuses_one_character(cast, searched):
    api = APIClient()
    api.force_authenticate(cast.dispatcher)
    found = api.get("/api/hotline/cases/", {"q": "elevator"})
    assert found.status_code == 200
    numbers = {case["number"] for case in found.json()["results"]}
    assert numbers == {searched[2].number, searched[3].number}
    assert found.json()["count_capped"] is False
    refused = api.get("/api/hotline/cases/", {"q": "噪"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 400
    assert "请输入至少两个字再搜索" in str(refused.json())


def test_past_the_count_bound_the_page_is_read_newest_first(client, cast, searched, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_BOUND", 1)
    client.force_login(cast.dispatcher)
    page = client.get(reverse("hotline:cases"), {"q": "Elevator"}).content.decode()
    assert "1+ 件工单" in page
    # The same two cases as through the index, newest first.
    newer, older = searched[3].number, searched[2].number
    assert newer in page and older in page and page.index(newer) < page.index(older)


def test_the_planner_settings_hold_within_the_block_only(db):
    def current() -> tuple[str, str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_sort'), current_setting('work_mem')")
            return cursor.fetchone()

    with transaction.atomic():
        before = current()
        with local_settings(enable_sort="off", work_mem="32MB"):
            assert current() == ("off", "32MB")
        assert current() == before


def test_a_count_that_reading_cannot_finish_in_time_goes_through_the_index(searched, monkeypatch):
    slow = Case.objects.matching("elevator").extra(where=["pg_sleep(0.05) IS NOT NULL"])
    monkeypatch.setattr(search, "READING_BUDGET", "20ms")
    assert not search.counted_by_reading(BoundedPaginator(slow, 25))  # cancelled, and no harm
    page = search.page_of_matches(BoundedPaginator(slow.order_by("-received_at", "-id"), 25), 1)
    assert [case.number for case in page] == [searched[3].number, searched[2].number]


def test_a_count_read_in_time_needs_no_index(searched):
    paginator = BoundedPaginator(Case.objects.matching("噪音"), 25)
    assert search.counted_by_reading(paginator) and paginator.count == 1


def test_the_api_says_when_its_count_stops_at_the_bound(cast, searched, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_BOUND", 1)
    api = APIClient()
    api.force_authenticate(cast.dispatcher)
    body = api.get("/api/hotline/cases/", {"q": "elevator"}).json()
    assert body["count"] == 2 and body["count_capped"] is True
    assert [case["number"] for case in body["results"]] == [searched[3].number, searched[2].number]
    listed = api.get("/api/hotline/cases/").json()
    assert listed["count"] == 2 and listed["count_capped"] is True
    assert api.get("/api/hotline/cases/", {"q": "elevator", "page": 9}).status_code == 404
