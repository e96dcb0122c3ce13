"""Ledger posting throughput at 1, 4 and 8 concurrent clients, next to pgbench's TPC-B-like
run against the same server in the same run.

Each client is a process with its own connection. One loop is a service payment between random
accounts the way the procedure posts it: a hold (payer -> payer's hold account) in one database
transaction, then the payment and the release of the rest in another, every movement with its
idempotency key, the accounts locked in primary-key order, the balances checked, the deferred
balance checks and the hash chain's links written at commit, each posting returning once it is
durable. The same loop runs with the chain switched off (the balance check alone), so the
chain's cost is measured in the same run. Before the runs, one client's costs per database
transaction are printed: round trips, Python CPU and wall time, with and without the chain
(these do not depend on the machine's load the way throughput does), and after them the CPU
each database transaction cost the server and the clients, the ledger's and pgbench's: eight
clients keep two cores busy, so the ratio of throughputs follows the ratio of these costs.
Throughput is counted in database transactions per second, like pgbench's tps. A scratch
database is used (the demo data is untouched).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import statistics
import time
from dataclasses import dataclass
from typing import Any

from bench.support import SilentBar

CLIENTS = (1, 4, 8)
ROUNDS = 3
PAYERS = 400
VOLUNTEERS = 400


def prepare() -> dict[str, list[int]]:
    from django.db import transaction

    from minsheng.people import demo as people_demo
    from minsheng.regions import demo as regions_demo
    from minsheng.timebank.benchmarking import Stopwatch, pgbench_init, use_fresh_database
    from minsheng.timebank.generator import Generator, Plan
    from minsheng.timebank.models import Account, ServiceOrder

    with Stopwatch() as watch:
        use_fresh_database()
        regions_demo.load()
        people_demo.load()
        plan = Plan(
            volunteers=VOLUNTEERS, elders=PAYERS, orders=PAYERS, seed=1, extra_minutes=10_000_000
        )
        with transaction.atomic():
            Generator(plan, SilentBar).run()
        pgbench_init(scale=10)
    print(f"prepared the scratch database in {watch.seconds:.1f} s")
    payers = list(
        Account.objects.filter(kind__in=["person", "hold"], owner__username__startswith="gen1-e")
        .order_by("owner_id", "kind")
        .values_list("pk", flat=True)
    )
    return {
        "payers": [payers[i : i + 2] for i in range(0, len(payers), 2)],  # (hold, person) pairs
        "volunteers": list(
            Account.objects.filter(kind="person", owner__username__startswith="gen1-v").values_list(
                "pk", flat=True
            )
        ),
        "orders": list(ServiceOrder.objects.values_list("pk", flat=True)),
    }


def client(
    number: int, run: int, data: dict[str, Any], duration: float, start: Any, out: Any
) -> None:
    import django
    from django.db import connections

    django.setup()
    connections.close_all()
    from minsheng.timebank import ledger
    from minsheng.timebank.models import Account

    by_pk = {account.pk: account for account in Account.objects.all()}
    rng = random.Random(number * 1000 + run)
    start.wait()
    cpu = time.process_time()
    deadline = time.perf_counter() + duration
    transactions = 0
    while time.perf_counter() < deadline:
        pay_once(ledger, by_pk, data, rng, f"bench:{run}:{number}:{transactions}")
        transactions += 2
    out.put((transactions, time.process_time() - cpu))
    connections.close_all()


def pay_once(ledger: Any, by_pk: dict[int, Any], data: dict[str, Any], rng: Any, key: str) -> None:
    """One loop: the hold, then the payment and the release (two database transactions)."""
    hold_pk, person_pk = rng.choice(data["payers"])
    payer, hold = by_pk[person_pk], by_pk[hold_pk]
    earner = by_pk[rng.choice(data["volunteers"])]
    order = rng.choice(data["orders"])
    ledger.post(
        [
            ledger.Movement(
                kind="hold", key=f"{key}:hold", debit=payer, credit=hold, minutes=60, order_id=order
            )
        ]
    )
    ledger.post(
        [
            ledger.Movement(
                kind="service_payment",
                key=f"{key}:pay",
                debit=hold,
                credit=earner,
                minutes=50,
                order_id=order,
            ),
            ledger.Movement(
                kind="release",
                key=f"{key}:release",
                debit=hold,
                credit=payer,
                minutes=10,
                order_id=order,
            ),
        ]
    )


def breakdown(data: dict[str, Any], loops: int = 300) -> dict[str, float]:
    """Where one client's time goes per database transaction: round trips to the server (Django
    counts BEGIN and COMMIT with the statements), Python CPU, and the wall time with and without
    the chain (the rest of the wall time is the server's, the flush at commit included)."""
    from django.db import connection, connections
    from django.test.utils import CaptureQueriesContext

    from minsheng.timebank import ledger
    from minsheng.timebank.benchmarking import without_hash_chain
    from minsheng.timebank.models import Account

    by_pk = {account.pk: account for account in Account.objects.all()}
    rng = random.Random(7)
    with CaptureQueriesContext(connection) as queries:
        pay_once(ledger, by_pk, data, rng, "breakdown:statements")
    result = {"statements": len(queries) / 2}  # the loop is two database transactions

    def timed(label: str) -> tuple[float, float]:
        cpu, wall = time.process_time(), time.perf_counter()
        for n in range(loops):
            pay_once(ledger, by_pk, data, rng, f"breakdown:{label}:{n}")
        return (
            (time.process_time() - cpu) * 1000 / (2 * loops),
            (time.perf_counter() - wall) * 1000 / (2 * loops),
        )

    result["python_ms"], result["wall_ms"] = timed("chained")
    with without_hash_chain():
        _cpu, result["unchained_wall_ms"] = timed("unchained")
    connections.close_all()
    return result


@dataclass(frozen=True)
class Run:
    """One timed run: transactions per second, and the CPU each transaction cost the database
    server and the clients (milliseconds; the server's is None when it is not local)."""

    tps: float
    server_ms: float | None
    client_ms: float


def ledger_run(clients: int, run: int, data: dict[str, Any], duration: float) -> Run:
    from django.db import connections

    from minsheng.timebank.benchmarking import server_cpu_seconds

    connections.close_all()  # children open their own connections
    context = multiprocessing.get_context("fork")
    start, out = context.Event(), context.Queue()
    workers = [
        context.Process(target=client, args=(n, run, data, duration, start, out))
        for n in range(clients)
    ]
    for worker in workers:
        worker.start()
    time.sleep(1.0)  # let every client connect and load its accounts
    server_before = server_cpu_seconds()
    began = time.perf_counter()
    start.set()
    results = [out.get(timeout=duration + 120) for _ in workers]
    elapsed = max(time.perf_counter() - began, duration)
    server_after = server_cpu_seconds()
    for worker in workers:
        worker.join()
    total = sum(transactions for transactions, _cpu in results)
    return Run(
        tps=total / elapsed,
        server_ms=_per_transaction(server_before, server_after, total),
        client_ms=sum(cpu for _transactions, cpu in results) * 1000 / max(total, 1),
    )


def pgbench_run(clients: int, duration: float) -> Run:
    from minsheng.timebank.benchmarking import (
        children_cpu_seconds,
        pgbench_tps,
        server_cpu_seconds,
    )

    server_before, client_before = server_cpu_seconds(), children_cpu_seconds()
    tps = pgbench_tps(clients, duration)
    server_after, client_after = server_cpu_seconds(), children_cpu_seconds()
    total = tps * max(1, round(duration))
    return Run(
        tps=tps,
        server_ms=_per_transaction(server_before, server_after, total),
        client_ms=(client_after - client_before) * 1000 / max(total, 1),
    )


def _per_transaction(
    before: float | None, after: float | None, transactions: float
) -> float | None:
    if before is None or after is None or not transactions:
        return None
    return (after - before) * 1000 / transactions


def main() -> None:
    from minsheng.timebank.benchmarking import drop_database, seconds, without_hash_chain

    duration = seconds(5)
    data = prepare()
    cost = breakdown(data)
    print(
        "one client, per database transaction: "
        f"{cost['statements']:.1f} round trips (statements, BEGIN and COMMIT), "
        f"Python CPU {cost['python_ms']:.2f} ms, wall {cost['wall_ms']:.2f} ms "
        f"(unchained {cost['unchained_wall_ms']:.2f} ms); the database's share is the wall time "
        "less the Python CPU"
    )
    print(f"best of {ROUNDS} alternating runs of {duration:.0f} s each (the machine may be shared)")
    print("ledger: as posted (balance check and hash chain); unchained: the balance check alone")
    print(
        f"{'clients':>7} {'ledger tx/s':>12} {'unchained':>10} {'pgbench tps':>12} "
        f"{'ratio':>6} {'chain/unchained':>16}"
    )
    ratios, costs, cpu = {}, {}, {}
    run = 0
    for clients in CLIENTS:
        ours, unchained, theirs = [], [], []
        for _ in range(ROUNDS):
            run += 1
            ours.append(ledger_run(clients, run, data, duration))
            run += 1
            with without_hash_chain():
                unchained.append(ledger_run(clients, run, data, duration))
            theirs.append(pgbench_run(clients, duration))
        best_ours, best_unchained, best_theirs = (
            max(runs, key=lambda r: r.tps).tps for runs in (ours, unchained, theirs)
        )
        ratios[clients] = best_ours / best_theirs if best_theirs else 0.0
        costs[clients] = best_ours / best_unchained if best_unchained else 0.0
        cpu[clients] = (ours, theirs)
        print(
            f"{clients:>7} {best_ours:>12.0f} {best_unchained:>10.0f} {best_theirs:>12.0f} "
            f"{ratios[clients]:>6.2f} {costs[clients]:>16.2f}",
            flush=True,
        )
    cpu_ratio = print_cpu(cpu)
    from minsheng.audit.chain import database as chains
    from minsheng.timebank.ledger import check
    from minsheng.timebank.ledger.chain import LEDGER

    problems = check.unbalanced_transactions() + check.cached_balances() + check.balance_signs()
    print(f"ledger invariants after the run: {'ok' if not problems else problems[:3]}")
    # Transactions posted while unchained are (rightly) reported as outside the chain.
    chained = chains.verify(LEDGER).findings
    broken = [finding for finding in chained if finding.kind != "inserted"]
    print(f"ledger hash chain after the run: {'ok' if not broken else broken[:3]}")
    if not os.environ.get("MINSHENG_BENCH_KEEP"):
        drop_database()
    print(f"ledger_vs_pgbench_8c={ratios[8]:.2f}")
    print(f"ledger_chain_vs_unchained_8c={costs[8]:.2f}")
    if cpu_ratio is not None:
        print(f"ledger_cpu_vs_pgbench_8c={cpu_ratio:.2f}")


def print_cpu(cpu: dict[int, tuple[list[Run], list[Run]]]) -> float | None:
    """The CPU each database transaction cost, median of the rounds; returns pgbench's total
    over the ledger's at 8 clients. On two cores that eight clients keep busy, the ratio of
    throughputs follows this ratio of costs."""
    print("CPU per database transaction, ms (median of the rounds): server + clients")
    print(f"{'clients':>7} {'ledger':>16} {'pgbench':>16}")
    totals: dict[int, tuple[float, float]] = {}
    for clients, (ours, theirs) in cpu.items():
        server_ours, client_ours = _median_cpu(ours)
        server_theirs, client_theirs = _median_cpu(theirs)
        if server_ours is None or server_theirs is None:
            print(f"{clients:>7} (the server is not local: its CPU is not read)")
            continue
        totals[clients] = (server_ours + client_ours, server_theirs + client_theirs)
        print(
            f"{clients:>7} {server_ours:>7.3f} + {client_ours:.3f} "
            f"{server_theirs:>7.3f} + {client_theirs:.3f}"
        )
    if 8 not in totals:
        return None
    ledger_ms, pgbench_ms = totals[8]
    return pgbench_ms / ledger_ms if ledger_ms else None


def _median_cpu(runs: list[Run]) -> tuple[float | None, float]:
    servers = [run.server_ms for run in runs if run.server_ms is not None]
    return (
        statistics.median(servers) if servers else None,
        statistics.median(run.client_ms for run in runs),
    )
