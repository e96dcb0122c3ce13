"""Callers' own words find the right article among the first three."""

from __future__ import annotations

import pytest

from minsheng.hotline.knowledge import search

# How callers put it, in words that are not the article's title (our own set, not the demo's).
PHRASINGS = [
    ("家里暖气一点都不热，屋里才十五度", "heating-temperature"),
    ("冬天房子没人住，想问问暖气能不能停掉不交钱", "heating-stop"),
    ("我们楼从早上就没有自来水了，什么时候能来水", "water-outage"),
    ("住十八楼，水压太低了，洗澡都洗不了", "water-pressure"),
    ("整栋楼突然断电了，冰箱里的东西都要坏了", "power-outage"),
    ("厨房里有很大的煤气味，是不是漏气了", "gas-leak"),
    ("电梯又坏了，家里老人下不了楼", "lift-repair"),
    ("物业突然说物业费要涨价，业主都没同意", "property-fee"),
    ("小区的物业公司走了，现在垃圾没人管也没人打扫", "property-leave"),
    ("楼下的垃圾桶都满出来了好几天没人清运", "waste-collection"),
    ("有人把电瓶车推进楼道里拉电线充电，太危险", "ebike-charging"),
    ("干了三个月活老板一分钱工资都不给", "wage-arrears"),
    ("健身房突然关门了，办的卡里还有三千块钱要退", "prepaid-card"),
    ("在网上买的衣服不合适，商家不给退货", "online-return"),
    ("买的房子交房两年了房本还办不下来", "property-certificate"),
    ("旁边工地每天半夜还在施工，吵得睡不着觉", "noise-night-works"),
    ("孩子明年三岁了，想问问怎么报名上幼儿园", "kindergarten-place"),
    ("我母亲八十多岁了，想问社区有没有给老人送饭的", "elderly-meals"),
    ("想申请公租房需要什么条件", "public-rental"),
    ("我快退休了，退休金怎么领", "pension-claim"),
]


@pytest.mark.parametrize(("words", "expected"), PHRASINGS)
def test_a_callers_words_find_the_right_article_in_the_top_three(knowledge, words, expected):
    found = search.search(words, limit=3)
    assert knowledge[expected] in found, [a.title for a in found]


def test_results_are_ranked_best_first(knowledge):
    found = search.search("暖气不热", limit=5)
    ranks = [a.rank for a in found]
    assert ranks == sorted(ranks, reverse=True) and found[0] == knowledge["heating-temperature"]


def test_words_that_match_nothing_find_nothing(knowledge):
    assert search.search("量子计算机") == []
    assert search.search("   ") == []


def test_an_article_past_its_validity_is_not_found(knowledge):
    import datetime as dt

    from minsheng.hotline.knowledge.models import Article

    Article.objects.filter(pk=knowledge["gas-leak"].pk).update(
        valid_from=dt.date(2019, 1, 1), valid_until=dt.date(2020, 1, 1)
    )
    assert knowledge["gas-leak"] not in search.search("煤气味 漏气")
