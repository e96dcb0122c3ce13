"""The per-case work of an analysis in partitions on a Dask cluster.

Reading the rows, parsing them into records and whatever an analysis does with each case alone
(segmenting texts, counting days, extracting features) needs nothing but the case itself:
partitions of cases go to Dask workers (``dask.distributed``), each returns what its cases gave,
and this node folds the results in input order. The global steps (clustering, fitting models,
scores) stay on this node. The results are the same whatever the number of workers.

Where the work goes:

* ``MINSHENG_DASK_SCHEDULER=tcp://host:8786``: an existing cluster (``dask scheduler`` and
  ``dask worker``, see docs/operations.md);
* otherwise a local cluster of worker processes on this machine, started for the analysis and
  stopped after it (``MINSHENG_DASK_WORKERS``, default: the number of cores);
* inputs under ``MINSHENG_DASK_MIN_CASES`` cases (default 20,000) stay in this process: starting
  workers and loading the dictionaries in each costs more than it saves.

A CSV case file is not read here: one cheap pass over its bytes cuts it into byte ranges that
begin at a record (outside quotes, as a cell may hold a line break), and each worker reads and
parses its own range. The workers must see the file at the same path (on a remote cluster, a
shared folder; ``MINSHENG_DASK_SHIP_ROWS=1`` otherwise, and the rows are read here and sent). A
range that turns out not to end where a record ends (a stray quote in an unquoted cell) makes the
whole file go again the safe way, rows read here; XLSX files and other sources always do.
"""

from __future__ import annotations

import io
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any, TypeVar

from minsheng.cases.casefile import (
    CaseRecord,
    RowError,
    csv_encoding,
    csv_rows,
    parse_rows,
    read_cases,
    source_rows,
)

SMALL_INPUT = 20_000
PARTITION = 5_000

Result = TypeVar("Result")
Folded = TypeVar("Folded")
Records = Iterator[CaseRecord | RowError]


@dataclass(frozen=True)
class Partitioning:
    """Where the per-case work of an analysis runs."""

    scheduler: str | None = None  # address of an existing cluster; None: a local one
    workers: int = 0  # local worker processes; 0: one per core
    min_cases: int = SMALL_INPUT  # fewer cases than this stay in-process
    partition: int = PARTITION  # cases per partition
    ship_rows: bool = False  # workers cannot open the input file: rows are read here and sent

    @classmethod
    def from_environment(cls) -> Partitioning:
        env = os.environ
        return cls(
            scheduler=env.get("MINSHENG_DASK_SCHEDULER") or None,
            workers=int(env.get("MINSHENG_DASK_WORKERS") or 0),
            min_cases=int(env.get("MINSHENG_DASK_MIN_CASES") or SMALL_INPUT),
            ship_rows=env.get("MINSHENG_DASK_SHIP_ROWS", "") not in ("", "0"),
        )

    def local_workers(self) -> int:
        return self.workers or os.cpu_count() or 1


class CaseFile:
    """A case file, read lazily. Iterated, it gives its records (as ``read_cases``); on Dask a
    CSV file is read by the workers themselves, range by range, and other files' rows are read
    here and parsed there."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def __iter__(self) -> Records:
        return read_cases(self.path)

    def rows(self) -> tuple[list[Any], Iterator[tuple[int, list[Any]]]]:
        """The header (checked: missing columns raise here) and the rows that follow it."""
        rows = source_rows(self.path)
        first = next(rows, None)
        header = first[1] if first else []
        # Checked by the parser itself, so the errors are those of read_cases.
        next(parse_rows(iter([(0, header)] if first else [])), None)
        return header, rows

    def is_csv(self) -> bool:
        return self.path.suffix.lower() not in {".xlsx", ".xlsm"}


def fold_cases(
    records: Iterable[object],
    work: Callable[[Records], Result],
    *,
    start: Callable[[], Folded],
    fold: Callable[[Folded, Result], None],
    in_process: Callable[[Records], Folded] | None = None,
    partitioning: Partitioning | None = None,
    progress: Callable[[int], None] | None = None,
) -> Folded:
    """``work`` over partitions of the records, each result folded into ``start()`` in input order.

    ``work`` takes an iterator of records (and row errors) and must be picklable by reference (a
    module-level function, or a ``functools.partial`` of one). Small inputs make one call in this
    process, over all the records (or ``in_process`` over them, when that does the same work in
    one go). ``progress`` is told how many rows were read so far.
    """
    partitioning = partitioning or Partitioning.from_environment()
    if isinstance(records, CaseFile) and records.is_csv() and not partitioning.ship_rows:
        ranges = _csv_ranges(records, partitioning)
        if ranges is None:  # a small file
            return _fold_in_process(iter(records), work, start, fold, in_process, progress)
        folded = _fold_on_dask(ranges, work, start, fold, partitioning, progress)
        if folded is not None:
            return folded
        # A range did not end at a record's end: the file goes again, its rows read here.
    header: list[Any] | None = None
    stream: Iterator[Any]
    if isinstance(records, CaseFile):
        header, stream = records.rows()
    else:
        stream = iter(records)
    head = list(islice(stream, partitioning.min_cases))
    items = chain(head, stream)
    if len(head) < partitioning.min_cases:
        whole = items if header is None else parse_rows(chain([(0, header)], items))
        return _fold_in_process(whole, work, start, fold, in_process, progress)
    parts = (
        _Items(header, part)
        for part in iter(lambda: list(islice(items, partitioning.partition)), [])
    )
    folded = _fold_on_dask(parts, work, start, fold, partitioning, progress)
    assert folded is not None  # shipped rows are always in step
    return folded


def _fold_in_process(
    records: Iterator[Any],
    work: Callable[[Records], Result],
    start: Callable[[], Folded],
    fold: Callable[[Folded, Result], None],
    in_process: Callable[[Records], Folded] | None,
    progress: Callable[[int], None] | None,
) -> Folded:
    if progress:
        records = _counted(records, progress)
    if in_process:
        return in_process(records)
    folded = start()
    fold(folded, work(records))
    return folded


def _counted(records: Iterator[Any], progress: Callable[[int], None]) -> Iterator[Any]:
    for count, record in enumerate(records, start=1):
        if count % 1000 == 0:
            progress(count)
        yield record


def _fold_on_dask(
    parts: Iterable[_Part],
    work: Callable[[Records], Result],
    start: Callable[[], Folded],
    fold: Callable[[Folded, Result], None],
    partitioning: Partitioning,
    progress: Callable[[int], None] | None,
) -> Folded | None:
    """The parts' results folded in order; None if a range proved not to end at a record."""
    folded: list[Folded] = []  # started once work is under way (it may load dictionaries)
    done = 0
    with _client(partitioning) as client:
        # A few partitions per worker in flight: the workers stay busy and memory stays bounded.
        in_flight = 2 * max(1, _worker_count(client))
        pending: deque[Any] = deque()

        def take() -> bool:
            nonlocal done
            if not folded:
                folded.append(start())
            result, rows, in_step = pending.popleft().result()
            fold(folded[0], result)
            done += rows
            if progress:
                progress(done)
            return bool(in_step)

        # Unpickled on the worker once Django is set up there (it may import models).
        task = pickle.dumps(work)
        for part in parts:
            pending.append(client.submit(_run_part, task, part, pure=False))
            if len(pending) >= in_flight and not take():
                return None
        while pending:
            if not take():
                return None
    return folded[0] if folded else start()


# --- On the workers ---------------------------------------------------------------------------


class _Part:
    def records(self) -> Records:
        raise NotImplementedError

    in_step = True  # whether the part ended where a record ends (known once read)


@dataclass
class _Items(_Part):
    """A partition's records, or rows under ``header``, opaque to Dask. Dask walks lists, tuples
    and dicts in a task's arguments looking for futures: through a partition of rows that was
    every cell, and it cost this node more than reading the file."""

    header: list[Any] | None
    items: list[Any]

    def records(self) -> Records:
        if self.header is None:
            return iter(self.items)
        return parse_rows(chain([(0, self.header)], self.items))


# A line no case file holds: read after a range, it comes back as a row of its own only if the
# range ended where a record ends (inside a quoted cell it would be taken into that cell).
END_MARK = "\ue000minsheng-range-end\ue000"


@dataclass
class _Range(_Part):
    """Bytes [start, end) of a CSV file, beginning at a record after ``lines`` lines; the first
    range holds the header too, the others are given it."""

    path: str
    size: int  # of the whole file: a worker seeing another file fails rather than misread it
    encoding: str
    header: list[Any]
    start: int
    end: int
    lines: int

    def records(self) -> Records:
        return parse_rows(chain([(0, self.header)], self._rows()))

    def _rows(self) -> Iterator[tuple[int, list[Any]]]:
        with open(self.path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size != self.size:
                raise RuntimeError(f"{self.path} is not the file this analysis was given.")
            handle.seek(self.start)
            data = handle.read(self.end - self.start)
        # The byte order mark can only open the file.
        encoding = "utf-8" if self.start and self.encoding == "utf-8-sig" else self.encoding
        lines: Iterable[str] = io.StringIO(data.decode(encoding), newline="")
        last = self.end == self.size
        if not last:
            lines = chain(lines, [END_MARK + "\n"])
        self.in_step = last
        rows = csv_rows(lines)
        if not self.start:
            next(rows, None)  # the header, given apart
        for line, cells in rows:
            if cells == [END_MARK] and not last:
                self.in_step = next(rows, None) is None
                return
            yield self.lines + line, cells


def _run_part(task: bytes, part: _Part) -> tuple[Any, int, bool]:
    """Runs on a worker: the pickled ``work`` over the part's records, the rows read and whether
    the part ended where a record ends."""
    _prepare_worker()
    work = pickle.loads(task)
    rows = 0

    def counted() -> Records:
        nonlocal rows
        for record in part.records():
            rows += 1
            yield record

    result = work(counted())
    return result, rows, part.in_step


def _prepare_worker() -> None:
    """Django set up in a worker process (the messages of rejected rows are translated); the
    workers never open the database."""
    from django.apps import apps

    if not apps.ready:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
        django.setup()


# --- Cutting a CSV file into ranges -------------------------------------------------------------

CHUNK = 1 << 22


def _csv_ranges(source: CaseFile, partitioning: Partitioning) -> list[_Range] | None:
    """The file in ranges of about ``partition`` lines each, or None if it has fewer lines than
    ``min_cases`` (then it is read in this process)."""
    header, rows = source.rows()  # checks the columns before any work
    if hasattr(rows, "close"):
        rows.close()
    path = source.path.resolve()
    size = path.stat().st_size
    line_length = _line_length(path)
    if size < partitioning.min_cases * line_length // 2:
        return None  # plainly small, judged by its first lines: no need to scan it
    every = max(1, partitioning.partition * line_length)
    starts = list(_record_starts(path, every))
    lines = starts.pop()[1]
    if lines - 1 < partitioning.min_cases:
        return None
    starts.append((size, lines))
    encoding = csv_encoding(path)
    return [
        _Range(str(path), size, encoding, header, begin, end, before)
        for (begin, before), (end, _) in zip(starts, starts[1:], strict=False)
        if end > begin
    ]


def _line_length(path: Path) -> int:
    """The mean length of a line in bytes, from the file's start."""
    with path.open("rb") as handle:
        sample = handle.read(CHUNK)
    return max(1, len(sample) // max(1, sample.count(b"\n")))


def _record_starts(path: Path, every: int) -> Iterator[tuple[int, int]]:
    """(offset, lines before it) of the first line start outside quotes after every ``every``
    bytes, beginning with (0, 0) and ending with (the file's size, all its lines).

    Outside quotes means an even number of quote characters before it, which holds wherever the
    quotes are those a CSV writer puts; where they are not, the range that ends there says so.
    Lines are counted as the CSV reader counts them: ``\\n``, ``\\r\\n`` and a lone ``\\r`` each
    end one.
    """
    yield 0, 0
    offset = quotes = lines = 0  # of the bytes before ``chunk``
    last = b""
    wanted = every
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            if chunk.endswith(b"\r"):
                chunk += handle.read(1)  # a "\r\n" stays within one chunk
            done = 0  # counted up to here in this chunk
            while wanted < offset + len(chunk):
                newline = chunk.find(b"\n", max(wanted - offset, done))
                if newline < 0:
                    break
                quotes += chunk.count(b'"', done, newline + 1)
                lines += _line_ends(chunk, done, newline + 1)
                done = newline + 1
                if quotes % 2 == 0:
                    yield offset + done, lines
                    wanted = offset + done + every
                else:
                    wanted = offset + done  # inside quotes: the next line end
            quotes += chunk.count(b'"', done)
            lines += _line_ends(chunk, done, len(chunk))
            offset += len(chunk)
            last = chunk[-1:]
    if offset and last not in (b"\n", b"\r"):
        lines += 1  # the last line, not ended
    yield offset, lines


def _line_ends(chunk: bytes, start: int, end: int) -> int:
    return (
        chunk.count(b"\n", start, end)
        + chunk.count(b"\r", start, end)
        - chunk.count(b"\r\n", start, end)
    )


# --- The cluster --------------------------------------------------------------------------------


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
