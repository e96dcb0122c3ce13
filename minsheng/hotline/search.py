"""A page of the cases that hold some words, in bounded time however many hold them.

``CaseQuerySet.matching`` finds the cases through the index of their texts' character pairs
(migration ``0015_case_text_pairs``). PostgreSQL's planner cannot choose well how to count and
read them: it takes the pairs of a word for independent, so it judges nearly every search of
two pairs or more rare (2 rows estimated for 9,097). What each plan costs depends on how many
cases hold the words:

* reading cases until the count's bound is reached is quick when many hold the words, and reads
  the whole table when few do;
* the index is quick when few hold them, and slow when a pair is in most cases (at ten million
  cases, 1.2 s to gather every case holding words that are in all of them).

So the count first reads cases for at most ``READING_BUDGET``; if that is not enough, it goes
through the index (``BoundedPaginator`` stops either at the bound). A page past the bound is
read newest first, which fills it within a few thousand cases; a page up to the bound through
the index, then sorted. Only the plans differ: the cases found are the same.
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.core.paginator import Page
from django.db import OperationalError

from minsheng.core.pagination import BoundedPaginator
from minsheng.core.planning import local_settings

READING_BUDGET = "250ms"
# Memory for the index's list of matching rows: with too little, it keeps whole pages instead
# of rows, and every case of those pages is checked again.
INDEX_MEMORY = "32MB"
THROUGH_THE_INDEX = {"enable_seqscan": "off", "enable_indexscan": "off", "work_mem": INDEX_MEMORY}
NEWEST_FIRST = {"enable_seqscan": "off", "enable_bitmapscan": "off", "enable_sort": "off"}


def page_of_matches(paginator: BoundedPaginator, number: Any, *, strict: bool = False) -> Page:
    """Page ``number`` of ``paginator``, whose rows are cases ``matching`` some words, newest
    first. ``strict``: an invalid page number raises (``Paginator.page``) instead of giving the
    nearest page (``Paginator.get_page``)."""
    if not counted_by_reading(paginator):
        with local_settings(**THROUGH_THE_INDEX):
            paginator.count  # noqa: B018  # counted here, once: a cached property
    page = paginator.page(number) if strict else paginator.get_page(number)
    with local_settings(**(NEWEST_FIRST if paginator.capped else THROUGH_THE_INDEX)):
        page.object_list = list(page.object_list)
    return page


def counted_by_reading(paginator: BoundedPaginator) -> bool:
    """Whether ``paginator`` could count (up to its bound) by reading cases, not through the
    index, within ``READING_BUDGET``."""
    try:
        with local_settings(
            enable_bitmapscan="off", enable_indexscan="off", statement_timeout=READING_BUDGET
        ):
            return paginator.count >= 0
    except OperationalError as error:
        if isinstance(error.__cause__, psycopg.errors.QueryCanceled):
            return False
        raise
