"""The HTTP confirm-and-settle endpoint under concurrent load, next to a trivial authenticated
endpoint (``/api/me/``) on the same server, in the same run.

A gunicorn server (the one ``minsheng serve`` runs) serves a scratch database holding elders
with orders signed out and waiting for confirmation. Clients confirm them through
``POST /api/timebank/orders/{id}/confirm/`` (each elder with their own token): permission check,
row locks, the settlement posted to the ledger, events and audit. The ratio shows what the
procedure costs compared with the platform's own floor.
"""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
from typing import Any

from bench.support import signed_out_orders

CLIENTS = 8
ORDERS = 1200
TRIVIAL_REQUESTS = 1200


def prepare() -> list[tuple[int, str]]:
    from rest_framework.authtoken.models import Token

    from minsheng.timebank.benchmarking import use_fresh_database

    use_fresh_database()
    orders = signed_out_orders(ORDERS, volunteers=400, elders=300, seed=3)
    tokens = {
        elder_id: Token.objects.get_or_create(user_id=elder_id)[0].key
        for elder_id in {order.beneficiary_id for order in orders}
    }
    return [(order.pk, tokens[order.beneficiary_id]) for order in orders]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int) -> subprocess.Popen[bytes]:
    from django.db import connections

    settings = connections["default"].settings_dict
    host = settings.get("HOST") or settings.get("OPTIONS", {}).get("host", "")
    password = settings.get("PASSWORD") or ""
    url = (
        f"postgresql://{settings.get('USER') or 'postgres'}:{password}@/{settings['NAME']}"
        f"?host={host}&port={settings.get('PORT') or 5432}"
    )
    env = {**os.environ, "DATABASE_URL": url, "MINSHENG_LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from minsheng.cli import main; main()",
            "serve",
            "--port",
            str(port),
            "--no-worker",
            "--workers",
            "2",
            "--threads",
            "4",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import requests

    for _ in range(100):
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=1)
            return server
        except requests.ConnectionError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("The server did not start.")


def load(
    url: str, jobs: list[tuple[str, str, dict[str, Any] | None]]
) -> tuple[float, list[float], int]:
    """Send ``jobs`` (method, path, body) with CLIENTS threads; (seconds, latencies, failures)."""
    import requests

    work: queue.Queue[tuple[str, str, str, dict[str, Any] | None]] = queue.Queue()
    for job in jobs:
        work.put(job)  # type: ignore[arg-type]
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()

    def client() -> None:
        session = requests.Session()
        while True:
            try:
                method, path, token, body = work.get_nowait()
            except queue.Empty:
                return
            started = time.perf_counter()
            response = session.request(
                method,
                url + path,
                json=body,
                headers={"Authorization": f"Token {token}"},
                timeout=60,
            )
            took = time.perf_counter() - started
            with lock:
                latencies.append(took)
                if response.status_code >= 400:
                    failures[0] += 1

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, latencies, failures[0]


def main() -> None:
    from minsheng.timebank.benchmarking import drop_database, summary

    orders = prepare()
    port = free_port()
    server = start_server(port)
    url = f"http://127.0.0.1:{port}"
    try:
        warm = [("GET", "/api/me/", token, None) for _pk, token in orders[:50]]
        load(url, warm)
        trivial_jobs = [
            ("GET", "/api/me/", orders[n % len(orders)][1], None) for n in range(TRIVIAL_REQUESTS)
        ]
        trivial_seconds, trivial_latencies, trivial_failed = load(url, trivial_jobs)
        confirm_jobs = [
            ("POST", f"/api/timebank/orders/{pk}/confirm/", token, {"rating": 5})
            for pk, token in orders
        ]
        confirm_seconds, confirm_latencies, confirm_failed = load(url, confirm_jobs)
    finally:
        server.terminate()
        server.wait(timeout=30)
    trivial_rate = len(trivial_jobs) / trivial_seconds
    confirm_rate = len(confirm_jobs) / confirm_seconds
    print(f"server: gunicorn, 2 processes x 4 threads; {CLIENTS} concurrent clients")
    print(
        f"GET /api/me/ (trivial):        {trivial_rate:7.0f} req/s  {summary(trivial_latencies)}"
        f"  errors={trivial_failed}"
    )
    print(
        f"POST orders/{{id}}/confirm/:    {confirm_rate:7.0f} req/s  {summary(confirm_latencies)}"
        f"  errors={confirm_failed}"
    )
    from minsheng.timebank.ledger import check

    problems = check.run()
    print(f"check-ledger after the run: {'clean' if not problems else problems[:3]}")
    if not os.environ.get("MINSHENG_BENCH_KEEP"):
        drop_database()
    print(f"confirm_vs_trivial={confirm_rate / trivial_rate:.2f}")
