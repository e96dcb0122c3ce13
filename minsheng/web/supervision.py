"""Keeping the service up: ``minsheng serve`` starts its parts and starts each again if it stops.

The parts are the embedded PostgreSQL server (when no DATABASE_URL is set), gunicorn (whose
master in turn replaces web workers that die) and the background-job worker. A part that stops
is started again after a delay that doubles with each failure in a row (0.5 s, 1 s, 2 s, … up to
a ceiling) and goes back to the shortest once the part has stayed up for a while, so that a part
that cannot start does not spin, and a part that died once comes back at once.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from minsheng.core.backoff import Backoff

logger = logging.getLogger("minsheng.supervision")

# Children see this and leave the embedded server to the supervisor (never stop it at exit).
SUPERVISED_ENV = "MINSHENG_SUPERVISED"


class Part(Protocol):
    name: str

    def start(self) -> None: ...

    def alive(self) -> bool: ...

    def stop(self) -> None: ...


class ChildProcess:
    """A part that is a child process of the supervisor."""

    def __init__(self, name: str, command: Sequence[str], *, stop_timeout: float = 20.0) -> None:
        self.name = name
        self.command = list(command)
        self.stop_timeout = stop_timeout
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, env={**os.environ, SUPERVISED_ENV: "1"})

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=self.stop_timeout)
        except subprocess.TimeoutExpired:
            logger.warning("%s did not stop in %.0f s; killing it", self.name, self.stop_timeout)
            self.process.kill()
            self.process.wait()


class EmbeddedDatabase:
    """The embedded PostgreSQL server: started again (with crash recovery) if its postmaster dies."""

    name = "database"

    def start(self) -> None:
        from minsheng import dbserver

        dbserver.restart()

    def alive(self) -> bool:
        from minsheng import dbserver

        return dbserver.postmaster_alive()

    def stop(self) -> None:
        pass  # stopped by the process that started it, at exit (see ``dbserver``)


@dataclass
class _Watch:
    part: Part
    backoff: Backoff
    started_at: float = 0.0
    restart_at: float | None = None
    starts: int = 0


@dataclass
class Supervisor:
    """Watches ``parts`` (in order: the database first) until :meth:`shutdown` is called."""

    parts: Sequence[Part]
    poll_seconds: float = 0.5
    stable_seconds: float = 30.0
    max_delay: float = 10.0
    clock: Callable[[], float] = time.monotonic
    _stopping: threading.Event = field(default_factory=threading.Event)
    _watches: list[_Watch] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._watches = [
            _Watch(part, Backoff(initial=0.5, maximum=self.max_delay)) for part in self.parts
        ]

    def start_all(self) -> None:
        for watch in self._watches:
            if not self._alive(watch):
                self._start(watch)
            watch.started_at = self.clock()

    def run(self) -> None:
        """Watch until shut down, then stop the parts in reverse order."""
        try:
            while not self._stopping.is_set():
                self.check()
                self._stopping.wait(self.poll_seconds)
        finally:
            for watch in reversed(self._watches):
                watch.part.stop()

    def shutdown(self, *args: object) -> None:
        self._stopping.set()

    def check(self) -> None:
        """One round: schedule a restart for each part found stopped, run restarts that are due."""
        for watch in self._watches:
            if self._stopping.is_set():
                return
            now = self.clock()
            if watch.restart_at is None:
                if self._alive(watch):
                    if now - watch.started_at >= self.stable_seconds:
                        watch.backoff.reset()
                    continue
                delay = watch.backoff.next_delay()
                watch.restart_at = now + delay
                logger.warning("%s stopped; starting it again in %.1f s", watch.part.name, delay)
            if now >= watch.restart_at:
                self._start(watch)

    def _alive(self, watch: _Watch) -> bool:
        try:
            return watch.part.alive()
        except Exception:  # unsure is not dead: never start a second copy on a failed look
            logger.exception("Could not tell whether %s runs", watch.part.name)
            return True

    def starts(self, name: str) -> int:
        """How many times the supervisor started the part called ``name``."""
        return next(w.starts for w in self._watches if w.part.name == name)

    def _start(self, watch: _Watch) -> None:
        watch.restart_at = None
        watch.started_at = self.clock()
        try:
            watch.part.start()
        except Exception:  # a part that cannot start yet is tried again later, never fatal
            logger.exception("%s could not be started", watch.part.name)
            watch.restart_at = self.clock() + watch.backoff.next_delay()
            return
        if watch.starts:
            logger.warning("%s started again", watch.part.name)
        watch.starts += 1


def install_signal_handlers(supervisor: Supervisor) -> None:
    """SIGTERM (systemd, ``kill``), SIGINT (Ctrl+C) and SIGHUP stop the supervisor cleanly."""
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, supervisor.shutdown)


def minsheng_command(*args: str) -> list[str]:
    """The command line that runs ``minsheng ARGS`` with this interpreter."""
    return [sys.executable, "-c", "from minsheng.cli import main; main()", *args]
