"""Write the list of slow tests (tests/slow_tests.txt) from a JUnit report of a test run.

    .venv/bin/pytest --junitxml=var/test-report.xml ...
    python scripts/list_slow_tests.py var/test-report.xml --over 0.5 > tests/slow_tests.txt

A test function is slow when one of its runs (any parameter) took longer than ``--over`` seconds,
set-up included. The conftest marks the listed tests ``slow``, so `make check` leaves them out;
a test not listed yet counts as fast until the list is written again.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict


def test_function(classname: str, name: str) -> str:
    """``path/to/test_x.py::[Class::]function``, parameters left out."""
    parts = classname.split(".")
    if parts[-1][:1].isupper():
        return "/".join(parts[:-1]) + ".py::" + parts[-1] + "::" + name.split("[")[0]
    return "/".join(parts) + ".py::" + name.split("[")[0]


def slow_functions(report: str, over: float) -> list[str]:
    longest: dict[str, float] = defaultdict(float)
    for case in ET.parse(report).iter("testcase"):
        function = test_function(case.get("classname", ""), case.get("name", ""))
        longest[function] = max(longest[function], float(case.get("time", 0)))
    return sorted(function for function, seconds in longest.items() if seconds > over)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report")
    parser.add_argument("--over", type=float, default=0.5, help="seconds (default 0.5)")
    options = parser.parse_args()
    functions = slow_functions(options.report, options.over)
    sys.stdout.write(
        f"# Tests slower than {options.over:g} s in one run (scripts/list_slow_tests.py):"
        " left out of `make check`.\n"
    )
    sys.stdout.write("".join(f"{function}\n" for function in functions))


if __name__ == "__main__":
    main()
