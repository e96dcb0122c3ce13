"""Preparing rows in a second process while this one writes them.

An import does two kinds of work: preparing rows (parsing, encrypting, hashing: Python) and
writing them (PostgreSQL). In one process they take turns; here a forked child prepares the
next batches while the parent streams the current one to the server, so on a machine with two
cores both run at once. Small files are prepared in-process: a fork costs more than it saves.

The child is forked, not spawned, so that it inherits the settings, keys, active language and
the loaded look-ups as they are. It never touches the database connection it inherits (it
opens one of its own to find rows unchanged since their last import: ``digests``), and it
leaves through ``os._exit`` (multiprocessing's way), so that connection is not closed under the
parent's feet.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
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

# Files at least this large are prepared in a second process (about 4,000 rows).
PARALLEL_FROM_BYTES = 2 * 1024 * 1024
# Batches the child may prepare ahead of the writer (bounded: memory stays flat).
AHEAD = 3


@dataclass(frozen=True)
class _Failure:
    file_error: bool
    message: str


def batches(
    path: Path,
    lookups: Lookups,
    *,
    now: dt.datetime,
    batch_size: int,
    regions: list[str] | None = None,
    parallel: bool | None = None,
) -> Generator[Batch, None, None]:
    """The file's batches, prepared in a second process when that pays off."""
    if parallel is None:
        parallel = path.stat().st_size >= PARALLEL_FROM_BYTES
    if not parallel or "fork" not in multiprocessing.get_all_start_methods():
        yield from produce(
            path, lookups, now=now, batch_size=batch_size, regions=regions, stored=held_here
        )
        return
    context = multiprocessing.get_context("fork")
    channel: Any = context.Queue(maxsize=AHEAD)
    child = context.Process(
        target=_prepare_in_child,
        args=(channel, path, lookups, now, batch_size, regions),
        daemon=True,
    )
    child.start()
    try:
        while True:
            item = _receive(channel, child)
            if item is None:
                return
            if isinstance(item, _Failure):
                if item.file_error:
                    raise CaseFileError(item.message)
                raise RuntimeError(f"Preparing the rows failed:\n{item.message}")
            yield item
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        channel.close()
        channel.join_thread()


def _receive(channel: Any, child: Any) -> Batch | _Failure | None:
    while True:
        try:
            item: Batch | _Failure | None = channel.get(timeout=1)
            return item
        except queue.Empty:
            if not child.is_alive():
                raise RuntimeError("The process preparing the rows stopped unexpectedly.") from None


def _prepare_in_child(
    channel: Any,
    path: Path,
    lookups: Lookups,
    now: dt.datetime,
    batch_size: int,
    regions: list[str] | None,
) -> None:
    held = HeldOnOwnConnection()
    try:
        for batch in produce(
            path, lookups, now=now, batch_size=batch_size, regions=regions, stored=held
        ):
            channel.put(batch)
    except CaseFileError as error:
        channel.put(_Failure(file_error=True, message=str(error)))
    except Exception:  # everything else is reported to the parent, which raises it
        channel.put(_Failure(file_error=False, message=traceback.format_exc()))
    else:
        channel.put(None)
    finally:
        held.close()
    channel.close()
    channel.join_thread()
