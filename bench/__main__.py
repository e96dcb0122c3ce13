"""Run the benchmarks: ``python -m bench [name ...]`` (all of them by default)."""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path


def main(selected: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minsheng.settings")
    import django

    django.setup()
    names = sorted(path.stem for path in Path(__file__).parent.glob("bench_*.py"))
    if selected:
        names = [
            name for name in names if name.removeprefix("bench_") in selected or name in selected
        ]
    if not names:
        print("No benchmark selected.")
        return 1
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"bench.{name}").main()
        print(f"--- {name} took {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
