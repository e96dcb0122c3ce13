"""The per-case work of an analysis in partitions on a Dask cluster.

Segmenting the texts, finding places and parties and turning each case into compact columns is
the bulk of an analysis and needs nothing but the case itself: partitions of cases go to Dask
workers (``dask.distributed``), each builds the columns of its cases, and the partitions are
absorbed in input order into one corpus (``CorpusBuilder.absorb``). The global steps (the
vocabulary, clustering, the merge of aspects and the scores) stay on this node. The corpus is the
same, id for id, whatever the number of workers, so the results are too.

Where the work goes:

* ``MINSHENG_DASK_SCHEDULER=tcp://host:8786``: an existing cluster (``dask scheduler`` and
  ``dask worker``, see docs/operations.md);
* otherwise a local cluster of worker processes on this machine, started for the analysis and
  stopped after it (``MINSHENG_DASK_WORKERS``, default: the number of cores);
* inputs under ``MINSHENG_DASK_MIN_CASES`` cases (default 20,000) stay in this process: starting
  workers and loading the dictionaries in each costs more than it saves.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any

from minsheng.cases.casefile import CaseRecord, RowError, parse_rows, read_cases, source_rows
from minsheng.cases.text import TextAnalyser
from minsheng.monthly.selection.corpus import Corpus, CorpusBuilder

SMALL_INPUT = 20_000
PARTITION = 5_000


@dataclass(frozen=True)
class Partitioning:
    """Where the per-case work of an analysis runs."""

    scheduler: str | None = None  # address of an existing cluster; None: a local one
    workers: int = 0  # local worker processes; 0: one per core
    min_cases: int = SMALL_INPUT  # fewer cases than this stay in-process
    partition: int = PARTITION  # cases per partition

    @classmethod
    def from_environment(cls) -> Partitioning:
        env = os.environ
        return cls(
            scheduler=env.get("MINSHENG_DASK_SCHEDULER") or None,
            workers=int(env.get("MINSHENG_DASK_WORKERS") or 0),
            min_cases=int(env.get("MINSHENG_DASK_MIN_CASES") or SMALL_INPUT),
        )

    def local_workers(self) -> int:
        return self.workers or os.cpu_count() or 1


class CaseFile:
    """A case file, read lazily. Iterated, it gives its records (as ``read_cases``); on Dask its
    rows go to the workers as written and are parsed there, which costs this node less than
    reading the records and shipping them."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def __iter__(self) -> Iterator[CaseRecord | RowError]:
        return read_cases(self.path)

    def rows(self) -> tuple[list[Any], Iterator[tuple[int, list[Any]]]]:
        """The header (checked: missing columns raise here) and the rows that follow it."""
        rows = source_rows(self.path)
        first = next(rows, None)
        header = first[1] if first else []
        # Checked by the parser itself, so the errors are those of read_cases.
        next(parse_rows(iter([(0, header)] if first else [])), None)
        return header, rows


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
    partitioning = partitioning or Partitioning.from_environment()
    header: list[Any] | None = None
    stream: Iterator[Any]
    if isinstance(records, CaseFile) and analyser is None:
        header, stream = records.rows()
    else:
        stream = iter(records)
    head = list(islice(stream, partitioning.min_cases))
    items = chain(head, stream)
    if analyser is not None or len(head) < partitioning.min_cases:
        builder = CorpusBuilder(start=start, end=end, analyser=analyser)
        whole = items if header is None else parse_rows(chain([(0, header)], items))
        return builder.add_all(whole, progress=progress)
    builder = CorpusBuilder(start=start, end=end)
    with _client(partitioning) as client:
        # A few partitions per worker in flight: the workers stay busy and memory stays bounded.
        in_flight = 2 * max(1, _worker_count(client))
        pending: deque[Any] = deque()
        done = 0
        while part := list(islice(items, partitioning.partition)):
            pending.append(client.submit(_build_part, header, _Items(part), start, end, pure=False))
            if len(pending) >= in_flight:
                done += _absorb(builder, pending.popleft())
                if progress:
                    progress(done)
        while pending:
            done += _absorb(builder, pending.popleft())
            if progress:
                progress(done)
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


def _absorb(builder: CorpusBuilder, future: Any) -> int:
    part, place_regions, count = future.result()
    builder.absorb(part, place_regions)
    return int(count)


@dataclass(frozen=True)
class _Items:
    """A partition's records or rows, opaque to Dask. Dask walks lists, tuples and dicts in a
    task's arguments looking for futures: through a partition of rows that was every cell, and
    it cost this node more than reading the file."""

    items: list[Any]


# One analyser per worker process: its dictionaries load once, not once per partition.
_WORKER_ANALYSER: TextAnalyser | None = None


def _build_part(
    header: list[Any] | None, partition: _Items, start: dt.datetime, end: dt.datetime
) -> tuple[Corpus, dict[int, Counter[int]], int]:
    """Runs on a worker: the unfinished columns of one partition (records, or a file's rows
    under ``header``)."""
    global _WORKER_ANALYSER
    if _WORKER_ANALYSER is None:
        _prepare_worker()
        _WORKER_ANALYSER = TextAnalyser.shared()
    items = partition.items
    builder = CorpusBuilder(start=start, end=end, analyser=_WORKER_ANALYSER)
    records = items if header is None else parse_rows(iter([(0, header), *items]))
    for record in records:
        if isinstance(record, CaseRecord):
            builder.add(record)
        else:
            builder.corpus.skipped += 1
    corpus, place_regions = builder.unfinished()
    return corpus, place_regions, len(items)


def _prepare_worker() -> None:
    """Django set up in a worker process (the messages of rejected rows are translated); the
    workers never open the database."""
    from django.apps import apps

    if not apps.ready:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
        django.setup()


def _worker_count(client: Any) -> int:
    return len(client.scheduler_info().get("workers", {}))


@contextmanager
def _client(partitioning: Partitioning) -> Iterator[Any]:
    """A client of the configured cluster, or of a local one started for this analysis."""
    from distributed import Client, LocalCluster

    if partitioning.scheduler:
        with Client(partitioning.scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=partitioning.local_workers(),
            threads_per_worker=1,  # the work holds the GIL: processes, not threads
            processes=True,
            dashboard_address=":0",
            silence_logs=40,  # errors only
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
