"""What the benchmarks share: a silent progress bar for the Time Bank's generator, and the
measurement of one kind of work in a fresh process, so that its peak memory is its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


class SilentBar:
    """The generator's progress bar, showing nothing: benchmarks print only their results."""

    def __init__(self, **kwargs: Any) -> None:
        pass

    def __enter__(self) -> SilentBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def update(self, count: int) -> None:
        pass


class PeakMemory:
    """Samples this process's resident memory in a thread (psutil)."""

    def __init__(self) -> None:
        import psutil

        self.process = psutil.Process()
        self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return max(self.peak, self.process.memory_info().rss)


def measure_in_child(module: str, *arguments: str | Path) -> dict[str, Any]:
    """Run ``python -m module arguments...`` in a fresh process and read its JSON answer (the
    last line it prints, as ``report_measurement`` writes it)."""
    completed = subprocess.run(
        [sys.executable, "-m", module, *map(str, arguments)],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def report_measurement(work: Callable[[], dict[str, Any]]) -> None:
    """In the child process: set Django up, run ``work`` and print its seconds, its peak memory
    and what it returned, as one line of JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
    import django

    django.setup()
    memory = PeakMemory()
    started = time.perf_counter()
    extra = work()
    seconds = time.perf_counter() - started
    peak = memory.stop()
    print(json.dumps({"seconds": seconds, "peak_mib": peak / 2**20, **extra}))


def signed_out_orders(count: int, *, volunteers: int, elders: int, seed: int) -> list[Any]:
    """The demo regions and people, a generated Time Bank of that many volunteers and elders
    with coins to spend, and ``count`` orders of it served and waiting for confirmation."""
    from django.db import transaction

    from minsheng.people import demo as people_demo
    from minsheng.regions import demo as regions_demo
    from minsheng.timebank.generator import Generator, Plan

    regions_demo.load()
    people_demo.load()
    plan = Plan(volunteers=volunteers, elders=elders, orders=0, seed=seed, extra_minutes=1_000_000)
    generator = Generator(plan, SilentBar)
    with transaction.atomic():
        generator.run()
    return list(generator.signed_out_orders(count))
