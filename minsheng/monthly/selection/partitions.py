"""The corpus of an analysis built in partitions on Dask (:mod:`minsheng.cases.partitions`).

Segmenting the texts, finding places and parties and turning each case into compact columns is
the bulk of an analysis and needs nothing but the case itself: each partition builds the columns
of its cases on a worker, and the partitions are absorbed in input order into one corpus
(``CorpusBuilder.absorb``). The global steps (the vocabulary, clustering, the merge of aspects and
the scores) stay on this node. The corpus is the same, id for id, whatever the number of workers,
so the results are too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from functools import partial

from minsheng.cases.casefile import CaseRecord, RowError
from minsheng.cases.partitions import Partitioning, fold_cases
from minsheng.cases.text import TextAnalyser
from minsheng.monthly.selection.corpus import Corpus, CorpusBuilder


def build_corpus(
    records: Iterable[object],
    *,
    start: dt.datetime,
    end: dt.datetime,
    analyser: TextAnalyser | None = None,
    partitioning: Partitioning | None = None,
    progress: Callable[[int], None] | None = None,
) -> Corpus:
    """The corpus of the cases in [start, end): on Dask for large inputs, else in-process.

    A caller's own ``analyser`` keeps the work in this process (it is not sent to workers).
    """
    if analyser is not None:
        builder = CorpusBuilder(start=start, end=end, analyser=analyser)
        return builder.add_all(records, progress=progress)
    builder = fold_cases(
        records,
        partial(_build_part, start=start, end=end),
        start=partial(CorpusBuilder, start=start, end=end),
        fold=_absorb,
        in_process=partial(_add_all, start=start, end=end),
        partitioning=partitioning,
        progress=progress,
    )
    return builder.finish()


def read_corpus(
    records: Iterable[object],
    start: dt.datetime,
    end: dt.datetime,
    analyser: TextAnalyser | None,
    partitioning: Partitioning | None,
    progress: Callable[[str, int, int | None], None] | None,
) -> Corpus:
    """``build_corpus`` reporting to an analysis's progress (stage "read")."""
    return build_corpus(
        records,
        start=start,
        end=end,
        analyser=analyser,
        partitioning=partitioning,
        progress=(lambda done: progress("read", done, None)) if progress else None,
    )


Part = tuple[Corpus, dict[int, Counter[int]]]


def _absorb(builder: CorpusBuilder, part: Part) -> None:
    builder.absorb(*part)


def _build_part(
    records: Iterable[CaseRecord | RowError], *, start: dt.datetime, end: dt.datetime
) -> Part:
    """Runs on a worker: the unfinished columns of one partition's cases."""
    return _add_all(records, start=start, end=end).unfinished()


def _add_all(
    records: Iterable[CaseRecord | RowError], *, start: dt.datetime, end: dt.datetime
) -> CorpusBuilder:
    builder = CorpusBuilder(start=start, end=end)
    for record in records:
        if isinstance(record, CaseRecord):
            builder.add(record)
        else:
            builder.corpus.skipped += 1
    return builder
