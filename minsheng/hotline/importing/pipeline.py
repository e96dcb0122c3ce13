"""Preparing rows in other processes while this one writes them.

An import does two kinds of work: preparing rows (parsing, encrypting, hashing: Python) and
writing them (PostgreSQL). In one process they take turns; here forked children prepare the
next batches while the parent streams the current one to the server, so both cores are busy.
Small files are prepared in-process: a fork costs more than it saves.

Each child reads the whole file and prepares its share of the rows, chosen by case number
(``rows.produce``, ``share``): every row of a number goes to the same child, in file order, so
what an import decides by a number's earlier rows (repeats, rows unchanged since their last
import) is decided as in one process. Rows of different numbers are independent, so the parent
writes batches in the order they come.

The children are forked, not spawned, so that they inherit the settings, keys, active language
and the loaded look-ups as they are. They never touch the database connection they inherit
(each opens one of its own to find rows unchanged since their last import: ``digests``), and
they leave through ``os._exit`` (multiprocessing's way), so that connection is not closed under
the parent's feet.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import queue
import traceback
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minsheng.cases.casefile import CaseFileError
from minsheng.hotline.importing.digests import HeldOnOwnConnection, held_here
from minsheng.hotline.importing.lookups import Lookups
from minsheng.hotline.importing.rows import Batch, produce

# Files at least this large are prepared in other processes (about 4,000 rows).
PARALLEL_FROM_BYTES = 2 * 1024 * 1024
# Batches each child may prepare ahead of the writer (bounded: memory stays flat).
AHEAD = 3
# Processes preparing rows at most (each reads the whole file and prepares its share).
MAX_PREPARERS = 2
# The child's youngest generation is collected after this many new objects instead of 700: a
# batch makes hundreds of thousands (cells, rows), and collecting every 700 cost the child
# about 40% of its time on a re-import (measured: docs/hotline.md).
CHILD_COLLECTION_THRESHOLD = 50_000


@dataclass(frozen=True)
class _Failure:
    file_error: bool
    message: str


@dataclass(frozen=True)
class _Done:
    share: int


def preparers() -> int:
    """How many processes prepare a large file's rows: one per core, at most two (the writer
    and PostgreSQL need the rest)."""
    return max(1, min(MAX_PREPARERS, os.cpu_count() or 1))


def batches(
    path: Path,
    lookups: Lookups,
    *,
    now: dt.datetime,
    batch_size: int,
    regions: list[str] | None = None,
    parallel: bool | None = None,
) -> Generator[Batch, None, None]:
    """The file's batches, prepared in other processes when that pays off."""
    if parallel is None:
        parallel = path.stat().st_size >= PARALLEL_FROM_BYTES
    if not parallel or "fork" not in multiprocessing.get_all_start_methods():
        yield from produce(
            path, lookups, now=now, batch_size=batch_size, regions=regions, stored=held_here
        )
        return
    count = preparers()
    context = multiprocessing.get_context("fork")
    channel: Any = context.Queue(maxsize=AHEAD * count)
    children = [
        context.Process(
            target=_prepare_in_child,
            args=(channel, path, lookups, now, batch_size, regions, (share, count)),
            daemon=True,
        )
        for share in range(count)
    ]
    for child in children:
        child.start()
    try:
        done: set[int] = set()
        while len(done) < count:
            item = _receive(channel, children, done)
            if isinstance(item, _Done):
                done.add(item.share)
            elif isinstance(item, _Failure):
                if item.file_error:
                    raise CaseFileError(item.message)
                raise RuntimeError(f"Preparing the rows failed:\n{item.message}")
            else:
                yield item
    finally:
        for child in children:
            if child.is_alive():
                child.terminate()
            child.join()
        channel.close()
        channel.join_thread()


def _receive(channel: Any, children: list[Any], done: set[int]) -> Batch | _Failure | _Done:
    while True:
        try:
            item: Batch | _Failure | _Done = channel.get(timeout=1)
            return item
        except queue.Empty:
            # A child that ended has sent its last item before (it waits for it to be sent).
            if any(not child.is_alive() for i, child in enumerate(children) if i not in done):
                raise RuntimeError("A process preparing the rows stopped unexpectedly.") from None


def _collect_rarely() -> None:
    """In the child: leave what it inherited out of collections (it lives as long as the child)
    and collect the young objects in larger steps."""
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(CHILD_COLLECTION_THRESHOLD, middle, oldest)


def _prepare_in_child(
    channel: Any,
    path: Path,
    lookups: Lookups,
    now: dt.datetime,
    batch_size: int,
    regions: list[str] | None,
    share: tuple[int, int],
) -> None:
    _collect_rarely()
    held = HeldOnOwnConnection()
    try:
        for batch in produce(
            path,
            lookups,
            now=now,
            batch_size=batch_size,
            regions=regions,
            stored=held,
            share=share,
        ):
            channel.put(batch)
    except CaseFileError as error:
        channel.put(_Failure(file_error=True, message=str(error)))
    except Exception:  # everything else is reported to the parent, which raises it
        channel.put(_Failure(file_error=False, message=traceback.format_exc()))
    else:
        channel.put(_Done(share[0]))
    finally:
        held.close()
    channel.close()
    channel.join_thread()
