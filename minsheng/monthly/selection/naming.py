"""Names that say the problem, in Chinese and English, and how each name was chosen.

A name is a short phrase a person would write ("加装电梯审批难", "下水道堵塞"), never a fragment
of a sentence or a cut-off word:

1. **From the titles**: the clauses of the most representative titles (closest to the centre),
   cleaned of places, pronouns ("我家", "有人") and particles, kept only when they end on a whole
   word, hold key phrases of the problem and are written by several callers.
2. **Else built** from the key phrases: the thing it is about and what goes wrong with it
   ("预付卡" + "不退"), or what is asked for ("加装" + "电梯").

The English name translates the Chinese one word by word with the hotline glossary
(:mod:`minsheng.cases.glossary`, which knows whether a word is a thing, an action, a trouble
or a place); where it knows too few of the words it translates the key phrases instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import jieba
import jieba.posseg

from minsheng.cases.glossary import Gloss, glossary, phrase_tokenizer
from minsheng.cases.places import GENERIC_WORDS
from minsheng.cases.text import MEANINGFUL_CHARS, PUNCTUATION, TextAnalyser

# Words a clause may not start with: pronouns and the filler a caller starts a sentence with.
OPENERS = re.compile(
    r"^(?:我们|我家|我|本人|咱们|咱|你们|您|他们|她们|他|她|它|有人|大家|居民们?|住户们?|业主们?"
    r"|邻居们?|家里|楼里|这里|那里|这个|那个|这|那|是|就|都|也|还|又|已经|一直|现在|目前|希望|请求?"
    r"|想|要|能否|能不能|为什么|怎么)+"
)
PARTICLES = "了的吗呢啊吧呀嘛么"
ADDRESS = re.compile(r"[0-9一二三四五六七八九十百]+(?:号楼|单元|层|室|号|楼|户|节|元|路)|\d+")
TROUBLE_CHARS = set("难慢贵堵漏臭吵脏乱冷热黑坏险塌涨") | MEANINGFUL_CHARS
MIN_LENGTH, MAX_LENGTH = 4, 14
# A title phrase is taken when this many of the problem's cases carry it.
MIN_SUPPORT = 3
GENERIC = set(GENERIC_WORDS.values())


def _cut(text: str) -> list[str]:
    return list(phrase_tokenizer().cut(text, HMM=False))


def name_problem(titles: Sequence[tuple[str, int]], keywords: Sequence[str]) -> dict[str, Any]:
    """The name of a problem from its representative titles (text, cases carrying it), most
    representative first, and its key phrases, strongest first.

    Returns ``label``, ``label_en`` and ``naming``: the method ("titles" or "key_phrases"), the
    phrase it rests on and the representative titles behind it.
    """
    representative = [text for text, _ in titles if text][:3]
    phrase = _title_phrase(titles, keywords)
    if phrase:
        label, method = phrase, "titles"
    else:
        label, method = _built(keywords), "key_phrases"
    return {
        "label": label,
        "label_en": english_name(label, keywords),
        "naming": {
            "method": method,
            "phrase": label,
            "key_phrases": list(keywords[:5]),
            "titles": representative,
        },
    }


def clean_clause(text: str) -> str:
    """A clause of a title without numbers, opening pronouns, fillers or the generic word left
    where a place was named ("小区…"), and without final particles."""
    text = ADDRESS.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = OPENERS.sub("", text).strip(PARTICLES)
        text = next((text[len(g) :] for g in GENERIC if text.startswith(g)), text)
    for word in GENERIC:  # "打通{road}道路" leaves "打通道路道路"
        text = text.replace(word + word, word)
    return text


def is_whole(phrase: str) -> bool:
    """Whether ``phrase`` does not start with a pronoun or filler and ends on a whole word as
    the analysis segments it: two characters or more, a character of trouble ("堵", "难") or a
    negated verb ("不退")."""
    if not (MIN_LENGTH <= len(phrase) <= MAX_LENGTH) or OPENERS.match(phrase):
        return False
    words = list(TextAnalyser.shared().tokenizer.cut(phrase, HMM=False))
    last, before = words[-1], words[-2] if len(words) > 1 else ""
    return len(last) >= 2 or last in TROUBLE_CHARS or before in {"不", "没"}


def _title_phrase(titles: Sequence[tuple[str, int]], keywords: Sequence[str]) -> str:
    """The best clause of the titles: carried by most cases, holding most key phrases."""
    top = [k for k in keywords[:8] if k not in GENERIC]
    support: dict[str, int] = {}
    for text, count in titles:
        for clause in PUNCTUATION.split(text):
            phrase = clean_clause(clause)
            if phrase and is_whole(phrase) and _says_problem(phrase, top):
                support[phrase] = support.get(phrase, 0) + count
    if not support:
        return ""

    def worth(phrase: str) -> tuple[float, int, str]:
        held = sum(1.0 / (1 + i) for i, k in enumerate(top) if k in phrase)
        return (support[phrase] * held, -len(phrase), phrase)

    best = max(support, key=worth)
    return best if support[best] >= MIN_SUPPORT else ""


def _says_problem(phrase: str, keywords: Sequence[str]) -> bool:
    """Two key phrases, or one with a word of trouble or action: not just the name of a place."""
    held = [k for k in keywords if k in phrase]
    if len(held) >= 2:
        return True
    return bool(held) and any(
        glossary().get(word, Gloss("", "")).role in {"trouble", "action"}
        or word in TROUBLE_CHARS
        or word.startswith(("不", "没"))
        for word in _cut(phrase)
    )


def _role(word: str) -> str:
    """What a word does in a name: from the glossary, else from its part of speech."""
    known = glossary().get(word)
    if known:
        return known.role
    if word.startswith(("不", "没")) and len(word) > 1:
        return "trouble"
    flags = {pair.flag for pair in jieba.posseg.lcut(word, HMM=False)}
    if flags & {"ns", "nr", "nt"}:
        return "place"
    if flags & {"n", "nz", "vn", "j"}:
        return "object"
    if flags & {"a", "an", "ad"}:
        return "trouble"
    if "v" in flags:
        return "action"
    return "other"  # numbers, times, pronouns, adverbs: not a name's part


def _built(keywords: Sequence[str]) -> str:
    """The thing and what goes wrong with it (or what is asked for), from the key phrases;
    words the glossary knows come first."""
    words = [k for k in keywords[:8] if k not in GENERIC and len(k) >= 2]
    words.sort(key=lambda w: w not in glossary())  # stable: strength within each group
    roles = {word: _role(word) for word in words}
    thing = next((w for w in words if roles[w] == "object"), "")
    trouble = next((w for w in words if roles[w] == "trouble"), "")
    action = next((w for w in words if roles[w] == "action"), "")
    if thing and trouble:
        return f"{thing}{trouble}"
    if action and thing and thing in action:
        return f"{action}问题"
    if thing and action:
        return f"{thing}{action}问题"
    head = trouble or action or thing
    return f"{head}问题" if head else ""


def english_name(label: str, keywords: Sequence[str]) -> str:
    """The name in English, word by word from the glossary; else the key phrases in English."""
    words = _cut(label) if label else []
    known = glossary()
    covered = sum(len(w) for w in words if w in known)
    if words and covered >= 0.6 * len(label):
        return _compose([known[w] for w in words if w in known])
    glossed = [known[k] for k in keywords if k in known][:3]
    if glossed:
        return _compose(glossed)
    return ""


HANGING = {"for", "to", "of", "with", "on", "about", "in", "from"}


def _hangs(english: str) -> bool:
    return english.rsplit(" ", 1)[-1] in HANGING


def _leading_prepositions(core: list[str]) -> list[str]:
    """Glosses that end on a preposition ("applying for") go before what they take ("applying
    for residence permits"); with nothing to take, the preposition goes."""
    core = [w for w in core if _hangs(w)] + [w for w in core if not _hangs(w)]
    if core and _hangs(core[-1]):
        core[-1] = core[-1].rsplit(" ", 1)[0]
    return core


def _compose(glosses: list[Gloss]) -> str:
    """Things and actions first, then the trouble, then where ("… in old compounds")."""
    core = _leading_prepositions(
        [g.english for g in glosses if g.role in {"action", "object", "other"}]
    )
    trouble = [g.english for g in glosses if g.role == "trouble"]
    places = [g.english for g in glosses if g.role == "place"]
    text = " ".join(dict.fromkeys(core))
    if places:
        text = f"{text} in {' and '.join(dict.fromkeys(places))}" if text else " ".join(places)
    if trouble:
        said = ", ".join(dict.fromkeys(trouble))
        text = f"{text}: {said}" if text else said
    return text[:1].upper() + text[1:]
