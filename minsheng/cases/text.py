"""Chinese text of cases: set phrases removed, places recognised, words segmented and normalised.

Segmentation is jieba (bundled dictionary, no download) with a hotline vocabulary
(``data/domain_words.txt``), stop words (``data/stopwords.txt``) and variants mapped to one word
(``data/synonyms.txt``: 不动产权证 → 房产证, 电瓶车 → 电动车). Set phrases of the hotline
("市民来电反映：", "请相关部门核实处理") are removed first (``data/boilerplate.txt``). "不" and
"没" stay attached to the next word ("不热", "不退"), because they carry the complaint.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import jieba

from minsheng.cases.parties import ANONYMISED
from minsheng.cases.places import Gazetteer, Mention, Region, find_places

DATA = Path(__file__).resolve().parent / "data"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
NEGATIONS = {"不", "没", "未", "没有", "无法", "不能"}
# Single characters that still say something about a problem.
MEANINGFUL_CHARS = set("堵漏臭吵脏乱冷热黑坏偷挤贵慢险塌涨")
CLAUSE_CACHE = 100_000  # clauses kept segmented (bounded memory)
PUNCTUATION = re.compile(r"[\s，,。.！!？?；;：:、“”\"'（）()《》【】\[\]…—\-~～·/]+")


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass(slots=True)
class Analysed:
    tokens: list[str]
    mentions: list[Mention] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    skeleton: str = ""  # the title without places and set phrases, for labels
    text: str = ""  # title and content without set phrases and names, as segmented
    # What parties are read from (``parties.parties_in``): the anonymised areas ("A3区") and
    # the title and content without set phrases and regions, their places still in.
    areas: list[str] = field(default_factory=list)
    unplaced: str = ""


class TextAnalyser:
    """Turns a case's title and content into words; one instance per process (see ``shared``)."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        jieba.setLogLevel(logging.WARNING)
        self.gazetteer = gazetteer or Gazetteer.default()
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        for word in _lines("domain_words.txt"):
            self.tokenizer.add_word(word.strip(), 20_000)
        self.stopwords = {word for line in _lines("stopwords.txt") for word in line.split()}
        self.synonyms = dict(line.split("\t") for line in _lines("synonyms.txt"))
        self.boilerplate = re.compile("|".join(f"(?:{p})" for p in _lines("boilerplate.txt")))
        self._clauses: dict[str, list[str]] = {}

    @classmethod
    @functools.cache
    def shared(cls) -> TextAnalyser:
        return cls()

    def analyse(self, title: str | None, content: str) -> Analysed:
        heading, body = self._strip(title or ""), self._strip(content)
        text = f"{heading.text}。{body.text}" if heading.text else body.text
        return Analysed(
            tokens=self.words(text),
            mentions=heading.mentions + body.mentions,
            regions=heading.regions + body.regions,
            skeleton=self._skeleton(title or ""),
            text=text,
            areas=heading.areas + body.areas,
            unplaced=f"{heading.unplaced}。{body.unplaced}",
        )

    def _strip(self, text: str) -> Analysed:
        """One text without set phrases, regions and places (``tokens`` left empty)."""
        text = self.boilerplate.sub("，", text)
        areas = ANONYMISED.findall(text)  # "A市A3区": exports that hide the real names
        text = ANONYMISED.sub("，", text) if areas else text
        regions, unplaced = self.gazetteer.regions_in(text)
        mentions, text = find_places(unplaced)
        return Analysed([], mentions, regions, text=text, areas=areas, unplaced=unplaced)

    def words(self, text: str) -> list[str]:
        """Segmented, normalised words without stop words."""
        tokens: list[str] = []
        cache = self._clauses
        for clause in PUNCTUATION.split(text):
            if not clause:
                continue
            words = cache.get(clause)
            if words is None:
                # Set phrases and fragments recur across cases: segment each clause once.
                if len(cache) >= CLAUSE_CACHE:
                    cache.clear()
                words = cache[clause] = self._clause_words(clause)
            tokens.extend(words)
        return tokens

    def _clause_words(self, clause: str) -> list[str]:
        tokens: list[str] = []
        pending = ""
        for raw in self.tokenizer.cut(clause, HMM=False):
            if raw in NEGATIONS:
                pending = "不" if raw in {"不", "不能", "无法"} else "没"
                continue
            if not CHINESE.search(raw):
                pending = ""
                continue
            word = self.synonyms.get(raw, raw)
            if pending and len(word) <= 2:
                word = pending + word
            pending = ""
            if word in self.stopwords or (len(word) == 1 and word not in MEANINGFUL_CHARS):
                continue
            tokens.append(word)
        return tokens

    def _skeleton(self, title: str) -> str:
        text = ANONYMISED.sub("", self.boilerplate.sub("", title))
        _, text = self.gazetteer.regions_in(text)
        _, text = find_places(text)
        text = re.sub(r"^(?:关于|反映|投诉|举报|咨询|建议)?(?:在|对|将)?", "", text)
        text = re.sub(r"的问题$|问题$", "", text)
        return PUNCTUATION.sub("", text).replace("盼解决", "")
