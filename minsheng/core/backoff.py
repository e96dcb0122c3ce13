"""Exponential backoff: wait longer after each failure in a row, up to a ceiling."""

from __future__ import annotations


class Backoff:
    """``next_delay()`` gives ``initial``, then twice as much each time, never above ``maximum``."""

    def __init__(self, *, initial: float = 0.5, maximum: float = 30.0, factor: float = 2.0) -> None:
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self._next = initial

    def next_delay(self) -> float:
        delay = self._next
        self._next = min(self._next * self.factor, self.maximum)
        return delay

    def reset(self) -> None:
        self._next = self.initial
