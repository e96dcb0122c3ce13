"""Searching the knowledge base: 10,000 articles, the jieba tsvector search against pg_trgm.

In the benchmark database: the demo articles plus generated ones made of their sentences (so
that every query meets many near misses), 10,000 in all (``MINSHENG_BENCH_ARTICLES`` for another
size). The callers' phrasings of the search test are run through both searches:

* the platform's search (jieba words and character pairs in a weighted ``tsvector``, GIN index,
  ``ts_rank``), and
* a baseline with PostgreSQL's ``pg_trgm`` (a GIN trigram index on title, callers' words and
  answer; ``word_similarity`` ranking), in the same run.

Printed: the median and 95th percentile latency of each, and how many phrasings find their
article among the first three. Nothing is asserted.
"""

from __future__ import annotations

import os
import random
import statistics
import time

from django.db import connection

from bench.bench_hotline_import import use_bench_database

COUNT = int(os.environ.get("MINSHENG_BENCH_ARTICLES", "10000"))
REPEAT = 5


def _generate(count: int) -> None:
    from minsheng.hotline.knowledge import demo, search
    from minsheng.hotline.knowledge.models import Article
    from minsheng.hotline.models import Category
    from minsheng.people.models import Organisation

    demo.load()
    have = Article.objects.count()
    if have >= count:
        return
    rng = random.Random(13)
    sentences = [s for row in demo.ARTICLES for s in row[7].split("。") if s]
    titles = [row[1] for row in demo.ARTICLES]
    categories = list(Category.objects.filter(level=3))
    owner = Organisation.objects.get(code="BJ-12345")
    made = [
        Article(
            title=f"{rng.choice(titles)[:8]}{rng.choice(titles)[-6:]}（{n}）",
            body="。".join(rng.sample(sentences, 3)) + "。",
            category=rng.choice(categories),
            owner=owner,
        )
        for n in range(count - have)
    ]
    Article.objects.bulk_create(made, batch_size=2000)
    for article in Article.objects.filter(search__isnull=True).iterator():
        search.reindex(article)


TRGM_SQL = """
SELECT id FROM hotline_article
WHERE %(q)s <%% (title || ' ' || keywords || ' ' || body)
ORDER BY word_similarity(%(q)s, title || ' ' || keywords || ' ' || body) DESC, id
LIMIT 3
"""


def _trgm_setup() -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS bench_article_trgm ON hotline_article USING gin "
            "((title || ' ' || keywords || ' ' || body) gin_trgm_ops)"
        )
        cursor.execute("ANALYZE hotline_article")


def _trgm(words: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(TRGM_SQL, {"q": words})
        return [row[0] for row in cursor.fetchall()]


def _tsvector(words: str) -> list[int]:
    from minsheng.hotline.knowledge import search

    return [a.pk for a in search.search(words, limit=3)]


def _measure(name: str, find: object, phrasings: list[tuple[str, int]]) -> None:
    timings, hits = [], 0
    for words, expected in phrasings:
        for _ in range(REPEAT):
            started = time.perf_counter()
            found = find(words)  # type: ignore[operator]
            timings.append(time.perf_counter() - started)
        hits += expected in found
    timings.sort()
    print(f"knowledge_{name}_median_ms={statistics.median(timings) * 1000:.2f}")
    print(f"knowledge_{name}_p95_ms={timings[int(len(timings) * 0.95)] * 1000:.2f}")
    print(f"knowledge_{name}_top3={hits}/{len(phrasings)}")


def main() -> None:
    from minsheng.cases.taxonomy import load_default
    from minsheng.hotline.knowledge import demo
    from minsheng.hotline.knowledge.models import Article
    from tests.hotline.knowledge.test_search import PHRASINGS

    use_bench_database(fresh=False)
    from minsheng.hotline.models import Category

    load_default(Category)
    _generate(COUNT)
    _trgm_setup()
    print(f"knowledge_articles={Article.objects.count()}")
    slugs = {row[1]: row[0] for row in demo.ARTICLES}
    ids = {slugs[a.title]: a.pk for a in Article.objects.filter(title__in=list(slugs))}
    phrasings = [(words, ids[slug]) for words, slug in PHRASINGS]
    _tsvector(phrasings[0][0])  # load jieba and the vocabulary before timing
    _measure("tsvector", _tsvector, phrasings)
    _measure("trgm", _trgm, phrasings)
