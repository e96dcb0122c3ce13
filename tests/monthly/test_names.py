"""Names that say the problem: short phrases, never fragments or cut-off words, in two languages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from minsheng.cases.casefile import read_cases
from minsheng.cases.text import TextAnalyser
from minsheng.hotline.demo import SEED, YEAR_COUNT, current_window, demo_year
from minsheng.hotline.synthetic import GenerationSpec, write_cases
from minsheng.monthly.selection.corpus import range_bounds, title_is_cut, year_bounds
from minsheng.monthly.selection.engine import select_issues
from minsheng.monthly.selection.hot import hot_issues
from minsheng.monthly.selection.naming import (
    TROUBLE_CHARS,
    clean_clause,
    english_name,
    is_whole,
    name_problem,
)
from tests.monthly.aspect_year import write_aspect_year

PRONOUN = re.compile(r"^(?:我|我们|本人|你|您|他|她|它|有人|咱)")


def says_the_problem(name: str) -> bool:
    """No pronoun first; the last word whole (as the analysis segments it, not the namer), or a
    negated verb ("不退")."""
    words = list(TextAnalyser.shared().tokenizer.cut(name, HMM=False))
    last, before = words[-1], words[-2] if len(words) > 1 else ""
    return (
        bool(name)
        and not PRONOUN.match(name)
        and len(name) <= 16
        and (len(last) >= 2 or last in TROUBLE_CHARS or before in {"不", "没"})
    )


@pytest.mark.parametrize(
    ("fragment", "whole"),
    [
        ("希望在安装电动自", False),
        ("我家住五楼", False),
        ("加装电梯审批难", True),
        ("预付卡商家关门不退费", True),
    ],
)
def test_a_phrase_is_whole_only_without_cut_words_or_pronouns(fragment, whole):
    assert is_whole(fragment) is whole


def test_clauses_lose_openers_numbers_and_particles():
    assert clean_clause("我家住5号楼") == "住"
    assert clean_clause("是九十年代") == "九十年代"
    assert clean_clause("有人把电瓶拿回家了") == "把电瓶拿回家"
    assert clean_clause("小区加装电梯难") == "加装电梯难"
    assert clean_clause("打通道路道路") == "打通道路"


def test_a_title_cut_from_the_content_is_told_apart_from_a_written_one():
    assert title_is_cut("希望在安装电动自", "来电反映，希望在安装电动自行车充电桩。")
    assert not title_is_cut("加装电梯难", "加装电梯难，盼解决。")
    assert not title_is_cut("加装电梯难", "老楼没有电梯，上下楼困难。")


def test_fragments_of_sentences_give_way_to_a_name_built_from_the_key_phrases():
    titles = [("是九十年代", 9), ("我家住五楼", 7), ("居民都同意", 5), ("希望在安装电动自", 4)]
    named = name_problem(titles, ["电动车", "充电", "充电桩", "楼道"])
    assert named["naming"]["method"] == "key_phrases"
    assert says_the_problem(named["label"]) and "电动车" in named["label"]
    assert named["label_en"].startswith("E-bikes")
    assert named["naming"]["titles"] == ["是九十年代", "我家住五楼", "居民都同意"]


def test_a_title_many_callers_wrote_becomes_the_name():
    titles = [("加装电梯审批难", 12), ("我家住五楼", 30), ("一楼反对加装电梯", 3)]
    named = name_problem(titles, ["加装电梯", "审批", "一楼", "反对"])
    assert named["label"] == "加装电梯审批难"
    assert named["naming"] == {
        "method": "titles",
        "phrase": "加装电梯审批难",
        "key_phrases": ["加装电梯", "审批", "一楼", "反对"],
        "titles": ["加装电梯审批难", "我家住五楼", "一楼反对加装电梯"],
    }
    assert named["label_en"] == "Installing lifts approval: hard"


def test_english_names_translate_the_problem():
    assert english_name("老旧小区加装电梯难", []) == "Installing lifts in old compounds: hard"
    assert english_name("下水道堵塞", []) == "Drains: blocked"
    assert english_name("预付卡不退费", []) == "Prepaid cards: not refunded"
    assert english_name("居住证办理", []) == "Applying for residence permits"
    assert english_name("办理", []) == "Applying"


ENGLISH_CUT = re.compile(r"(?:\b(?:of|in|and|for|to|the|a|with|by)|[:,/])$", re.IGNORECASE)
ENGLISH_PRONOUN = re.compile(r"^(?:I|We|My|Our|You|He|She|They|Someone)\b")


def translates_the_problem(name: str, translations: set[str]) -> bool:
    """An English name is a translation of the Chinese one or of its key phrases (an aspect
    the glossary cannot tell may take its problem's), never the categories' names; no pronoun
    first, no word left hanging at the end."""
    return (
        name in translations
        and name.isascii()
        and not ENGLISH_PRONOUN.match(name)
        and not ENGLISH_CUT.search(name.strip())
    )


def assert_names(selection, *, hot: bool = False) -> None:
    for candidate in selection.candidates:
        names = [candidate, *candidate.get("aspects", [])]
        for named in names:
            label = (
                named["label"].split("：", 1)[1] if hot and named is candidate else named["label"]
            )
            assert says_the_problem(label), named["label"]
            translations = {english_name(label, named["keywords"])} - {""}
            if named is not candidate:
                translations.add(candidate["label_en"])
            assert translates_the_problem(named["label_en"], translations), named["label_en"]
        assert candidate["naming"]["method"] in {"titles", "key_phrases"}
        assert len(candidate["naming"]["titles"]) <= 3
        assert 1 <= len(candidate["naming"]["messages"]) <= 3


@pytest.mark.slow
@pytest.mark.parametrize("titles", ["clean", "cut"])
def test_names_on_generated_years_say_the_problem(titles, tmp_path):
    year = write_aspect_year(tmp_path / "year.csv", count=8_000, seed=3, titles=titles)
    start, end = year_bounds(2021)
    selection = select_issues(read_cases(year.path), start=start, end=end, top=20)
    assert_names(selection)
    print("\n" + "\n".join(f"{c['label']} | {c['label_en']}" for c in selection.candidates))


@pytest.mark.slow
def test_names_on_the_demo_year_say_the_problem(tmp_path):
    path = tmp_path / "demo.csv"
    year = demo_year()
    write_cases(GenerationSpec.year(year, YEAR_COUNT, SEED), path)
    start, end = year_bounds(year)
    selection = select_issues(read_cases(path), start=start, end=end, top=20)
    assert_names(selection)
    print("\n" + "\n".join(f"{c['label']} | {c['label_en']}" for c in selection.candidates))


@pytest.mark.slow
def test_hot_issue_names_on_the_demo_window_say_the_problem(tmp_path):
    path = tmp_path / "window.csv"
    first, last, count = current_window()
    write_cases(GenerationSpec.window(first, last, count, SEED), path)
    start, end = range_bounds(max(first, last - dt.timedelta(days=60)), last)
    selection = hot_issues(read_cases(path), start=start, end=end, top=10)
    assert selection.candidates
    assert_names(selection, hot=True)
    print("\n" + "\n".join(f"{c['label']} | {c['label_en']}" for c in selection.candidates))
