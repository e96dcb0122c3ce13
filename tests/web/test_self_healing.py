"""``minsheng serve`` heals itself: kill -9 the database and the workers during writes.

A real server on its own embedded database (its own data directory) takes a stream of audited
writes through the API while the PostgreSQL postmaster, the job worker and a web worker are
killed. The service must be ready again within 30 seconds, answer 503 (never 500) meanwhile,
and every write it acknowledged must be in the database afterwards, with its audit entry.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
import requests

pytestmark = pytest.mark.slow

RECOVERY_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Service:
    """A ``minsheng serve`` subprocess with its own embedded database under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pgdata = root / "pg"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {
            key: value for key, value in os.environ.items() if not key.endswith("DATABASE_URL")
        }
        (root / "var").mkdir()
        (root / "run").mkdir(mode=0o700)
        self.env = {
            **environment,
            "MINSHENG_PGDATA": str(self.pgdata),
            "MINSHENG_VAR_DIR": str(root / "var"),
            "XDG_RUNTIME_DIR": str(root / "run"),
            "MINSHENG_LOG_LEVEL": "WARNING",
            "MINSHENG_API_RATE_USER": "100000/minute",
        }
        self.server: subprocess.Popen[bytes] | None = None

    def minsheng(self, *args: str, timeout: float = 900) -> str:
        command = [sys.executable, "-c", "from minsheng.cli import main; main()", *args]
        done = subprocess.run(
            command, env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def python(self, code: str) -> str:
        """What ``code`` printed last, run in ``minsheng shell``."""
        return self.minsheng("shell", "--no-imports", "-c", code).strip().splitlines()[-1]

    def start(self) -> None:
        log = (self.root / "serve.log").open("wb")
        self.server = subprocess.Popen(
            [sys.executable, "-c", "from minsheng.cli import main; main()", "serve"]
            + ["--port", str(self.port), "--workers", "2", "--threads", "2"],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def ready(self) -> bool:
        try:
            return requests.get(f"{self.url}/readyz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def wait_until_ready(self, seconds: float) -> float:
        """Seconds until /readyz answered 200; fails after ``seconds``."""
        began = time.monotonic()
        while time.monotonic() - began < seconds:
            if self.ready():
                return time.monotonic() - began
            time.sleep(0.25)
        pytest.fail(f"not ready after {seconds} s; log:\n{self.log_tail()}")

    def postmaster_pid(self) -> int:
        return int((self.pgdata / "postmaster.pid").read_text().split()[0])

    def child(self, word: str) -> psutil.Process:
        assert self.server is not None
        for process in psutil.Process(self.server.pid).children(recursive=True):
            if word in " ".join(process.cmdline()):
                return process
        raise LookupError(word)

    def log_tail(self) -> str:
        return (self.root / "serve.log").read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.server.kill()
        for process in psutil.process_iter(["cmdline"]):
            if str(self.pgdata) in " ".join(process.info["cmdline"] or []):
                process.kill()


class Writer(threading.Thread):
    """Receives hotline cases through the API, one after another, remembering the answers."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Token {token}"
        self.acknowledged: list[str] = []
        self.statuses: list[int] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        n = 0
        while not self.stopping.is_set():
            n += 1
            try:
                response = self.session.post(
                    f"{self.url}/api/hotline/cases/",
                    json={"content": f"楼道堆物，第 {n} 次来电"},
                    timeout=10,
                )
            except requests.RequestException:
                # Refused, timed out or cut off mid-answer (a worker killed while it replied):
                # never acknowledged, so the client would try again.
                time.sleep(0.1)
                continue
            self.statuses.append(response.status_code)
            if response.status_code == 201:
                self.acknowledged.append(response.json()["number"])
            else:
                time.sleep(0.1)

    def wait_for(self, count: int, seconds: float = 120) -> None:
        began = time.monotonic()
        target = len(self.acknowledged) + count
        while len(self.acknowledged) < target:
            assert time.monotonic() - began < seconds, f"no writes acknowledged: {self.statuses}"
            time.sleep(0.1)


@pytest.fixture
def service(tmp_path):
    service = Service(tmp_path)
    try:
        service.minsheng("migrate", "--verbosity", "0")
        yield service
    finally:
        service.stop()


def test_the_service_comes_back_by_itself_and_loses_no_acknowledged_write(service):
    token = service.python(
        "from minsheng.people.models import User;"
        "from rest_framework.authtoken.models import Token;"
        "u = User.objects.create_superuser(username='ops', password='a-long-pass-phrase');"
        "print(Token.objects.create(user=u).key)"
    )
    service.start()
    service.wait_until_ready(300)
    writer = Writer(service.url, token)
    writer.start()
    writer.wait_for(5)

    os.kill(service.postmaster_pid(), signal.SIGKILL)
    service.wait_until_ready(RECOVERY_SECONDS)
    writer.wait_for(5)

    old_worker = service.child("main() worker")
    old_worker.kill()
    service.child("--web-only").children()[0].kill()  # one web worker; gunicorn replaces it
    os.kill(service.postmaster_pid(), signal.SIGKILL)
    service.wait_until_ready(RECOVERY_SECONDS)
    writer.wait_for(5)
    writer.stopping.set()
    writer.join(timeout=30)

    assert service.child("main() worker").pid != old_worker.pid
    assert set(writer.statuses) <= {201, 503}, writer.statuses
    found = json.loads(service.python(STORED_AND_AUDITED))
    assert set(writer.acknowledged) <= set(found["audited"])
    assert service.python(JOB_RUN_BY_THE_NEW_WORKER) == "done"


# Case numbers that are stored and have their audit entry.
STORED_AND_AUDITED = """
import json
from minsheng.audit.models import AuditEntry
from minsheng.hotline.models import Case
audited = set(AuditEntry.objects.filter(action="hotline.receive_case").values_list("target_id", flat=True))
numbers = [number for pk, number in Case.objects.values_list("pk", "number") if str(pk) in audited]
print(json.dumps({"audited": numbers}))
"""

JOB_RUN_BY_THE_NEW_WORKER = """
import time
from minsheng.jobs import runner
job = runner.enqueue("timebank.refresh_reports", {})
for _ in range(240):
    job.refresh_from_db()
    if job.finished:
        break
    time.sleep(0.5)
print(job.status)
"""
