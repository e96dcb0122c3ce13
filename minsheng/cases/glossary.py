"""The hotline glossary: the English of hotline words and what each does in a name.

``data/glossary.txt`` gives, for each word, its English and its role: a thing (object), what is
done to it (action), what goes wrong (trouble), where (place) or other. Names of problems are
translated with it, and segmented with a tokenizer that knows its words.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

import jieba

from minsheng.cases.text import _lines


@dataclass(frozen=True)
class Gloss:
    english: str
    role: str  # object, action, trouble, place, other


@functools.cache
def glossary() -> dict[str, Gloss]:
    found: dict[str, Gloss] = {}
    for line in _lines("glossary.txt"):
        word, english, role = line.split("\t")
        found.setdefault(word, Gloss(english, role))
    return found


@functools.cache
def phrase_tokenizer() -> jieba.Tokenizer:
    """jieba with the hotline vocabulary and the glossary's words, for names only (the words the
    analysis counts are segmented without the glossary, so they do not change)."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in [*_lines("domain_words.txt"), *glossary()]:
        tokenizer.add_word(word.strip(), 20_000)
    return tokenizer
