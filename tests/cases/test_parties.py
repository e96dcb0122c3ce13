"""Places and parties named in text, and near-identical names under one key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minsheng.cases.parties import find_parties, merge_keys, name_key


def names(text):
    return [(p.name, p.kind) for p in find_parties(text)]


def test_it_finds_anonymised_areas_estates_and_plants():
    assert names("A市A3区丽发新城小区旁边的宏达混凝土搅拌站噪音扰民") == [
        ("A市", "city"),
        ("A3区", "area"),
        ("丽发新城小区", "compound"),
        ("宏达混凝土搅拌站", "plant"),
    ]


def test_it_finds_companies_and_platforms():
    assert ("融通车贷", "company") in names("举报融通车贷平台非法集资")
    assert ("热力公司", "company") in names("希望热力公司尽快来修")


def test_region_names_are_not_part_of_a_place():
    assert names("昌平区天通苑暖气不热") == [("天通苑", "compound")]


@pytest.mark.parametrize("text", ["我在一家装修公司打工", "想问划片到哪所学校", "占用公共绿地"])
def test_phrases_that_point_at_no_place_are_not_names(text):
    assert names(text) == []


@pytest.mark.parametrize(
    "written", ["丽发新城", "丽发新城小区", "A市丽发新城", "丽发新城东区", "丽发新城（二期）"]
)
def test_near_identical_names_share_a_key(written):
    assert name_key(written) == "丽发新城"


def test_merging_keeps_places_told_apart_by_a_number():
    merged = merge_keys(
        ["丽发新城", "其居住的丽发新城", "光学仪器厂家属院", "第五光学仪器厂家属院"]
    )
    assert merged["其居住的丽发新城"] == "丽发新城"
    assert merged["第五光学仪器厂家属院"] == "第五光学仪器厂家属院"
    assert merge_keys(["新城", "丽发新城"])["丽发新城"] == "丽发新城"


estate = st.text(alphabet="丽发新城金色家碧水名苑瑞祥嘉园宏达", min_size=3, max_size=8)


@given(st.lists(estate, min_size=1, max_size=12))
def test_every_key_merges_into_a_key_that_stays_itself(keys):
    merged = merge_keys(keys)
    assert set(merged) == set(keys)
    for target in merged.values():
        assert merged[target] == target and target in keys


@given(estate.filter(lambda name: name_key(name) == name))
def test_a_compound_suffix_or_a_region_code_does_not_change_the_key(name):
    assert name_key(f"{name}小区") == name_key(f"A市{name}") == name
