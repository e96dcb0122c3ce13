"""Full-text search of the knowledge base in Chinese.

PostgreSQL's text search splits on spaces, which Chinese does not have. So Python segments the
text with jieba and the hotline's vocabulary (``monthly.text``: the same words the classifier
and the selection of problems use, synonyms mapped to one word) and adds the character pairs of
each run of Chinese, which find what segmentation splits differently ("暖气不热" and "供暖不热"
share "不热"). The words go into a ``tsvector`` in the ``simple`` configuration (no stemming,
no stop words of its own) under a GIN index, weighted: title and callers' words (A), their pairs
(B), the answer's words (C) and pairs (D). A query is segmented the same way, its terms joined
with OR and ranked with ``ts_rank``: callers' words seldom match an article's all at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from minsheng.hotline.knowledge.models import Article
from minsheng.regions.models import Region

CHINESE_RUN = re.compile(r"[\u4e00-\u9fff]+")
LATIN_WORD = re.compile(r"[A-Za-z0-9]{2,}")
MAX_TERMS = 60


def words(text: str) -> list[str]:
    """jieba's words of the text (the hotline vocabulary, without stop words)."""
    from minsheng.cases.text import TextAnalyser

    analyser = TextAnalyser.shared()
    found = analyser.words(text)
    found += [w.lower() for w in LATIN_WORD.findall(text)]
    return found


def pairs(text: str) -> list[str]:
    return [run[i : i + 2] for run in CHINESE_RUN.findall(text) for i in range(len(run) - 1)]


def _lexemes(values: Iterable[str]) -> str:
    """Terms as text for ``to_tsvector('simple', …)``: whitespace separated, no quotes."""
    return " ".join(v for v in values if v and "'" not in v and "\\" not in v)


def index_text(title: str, keywords: str, body: str) -> dict[str, str]:
    head = f"{title} {keywords}"
    return {
        "a": _lexemes(words(head)),
        "b": _lexemes(pairs(head)),
        "c": _lexemes(words(body)),
        "d": _lexemes(pairs(body)),
    }


VECTOR_SQL = """
UPDATE hotline_article SET search =
    setweight(to_tsvector('simple', %(a)s), 'A') || setweight(to_tsvector('simple', %(b)s), 'B')
    || setweight(to_tsvector('simple', %(c)s), 'C') || setweight(to_tsvector('simple', %(d)s), 'D')
WHERE id = %(id)s
"""


def reindex(article: Article) -> None:
    """Write the article's searchable form (inside the caller's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(
            VECTOR_SQL,
            {"id": article.pk, **index_text(article.title, article.keywords, article.body)},
        )


def query_terms(text: str) -> list[str]:
    """The query's words first, then its character pairs, each once."""
    terms = list(dict.fromkeys([*words(text), *pairs(text)]))
    return [t for t in terms if "'" not in t and "\\" not in t][:MAX_TERMS]


def tsquery(terms: list[str]) -> str:
    """``'a' | 'b' | …`` for ``to_tsquery('simple', …)``."""
    return " | ".join(f"'{term}'" for term in terms)


def search(
    text: str,
    *,
    articles: QuerySet[Article] | None = None,
    region: Region | None = None,
    limit: int = 10,
    valid_only: bool = True,
) -> list[Article]:
    """Articles for the words, best first, each with ``rank`` (only those valid today by default).

    With a ``region``, articles for other places are left out (those for all of Beijing stay).
    """
    terms = query_terms(text)
    if not terms:
        return []
    found = articles if articles is not None else Article.objects.all()
    if valid_only:
        found = found.valid_on(timezone.localdate())  # type: ignore[attr-defined]
    if region is not None:
        found = _in_region(found, [code for code in region.path.split(".") if code])
    query = SearchQuery(tsquery(terms), search_type="raw", config="simple")
    ranked = found.filter(search=query).annotate(rank=SearchRank(F("search"), query))
    return list(ranked.select_related("category", "owner").order_by("-rank", "-uses", "id")[:limit])


def _in_region(found: QuerySet[Article], codes: list[str]) -> QuerySet[Article]:
    through = Article.regions.through
    anywhere = ~Exists(through.objects.filter(article_id=OuterRef("pk")))
    here = Exists(through.objects.filter(article_id=OuterRef("pk"), region__code__in=codes))
    return found.filter(anywhere | here)


def most_used(category_code: str | None, limit: int = 5) -> list[Article]:
    """The articles most used for a category (and its sub-categories)."""
    found = Article.objects.valid_on(timezone.localdate())
    if category_code:
        found = found.filter(category__code__startswith=category_code[:4])
    return list(found.order_by(F("uses").desc(), "title")[:limit])


def as_dict(article: Any) -> dict[str, Any]:
    return {
        "id": article.pk,
        "title": article.display_title,
        "kind": article.kind,
        "category": article.category.code if article.category_id else None,
        "rank": round(float(getattr(article, "rank", 0.0)), 4),
    }
