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
(these do not depend on the machine's load the way throughput does).
Throughput is counted in database transactions per second, like pgbench's tps. A scratch
database is used (the demo data is untouched).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import time
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
    deadline = time.perf_counter() + duration
    transactions = 0
    while time.perf_counter() < deadline:
        pay_once(ledger, by_pk, data, rng, f"bench:{run}:{number}:{transactions}")
        transactions += 2
    out.put(transactions)
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


def ledger_tps(clients: int, run: int, data: dict[str, Any], duration: float) -> float:
    from django.db import connections

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
    began = time.perf_counter()
    start.set()
    total = sum(out.get(timeout=duration + 120) for _ in workers)
    elapsed = max(time.perf_counter() - began, duration)
    for worker in workers:
        worker.join()
    return total / elapsed


def main() -> None:
    from minsheng.timebank.benchmarking import (
        drop_database,
        pgbench_tps,
        seconds,
        without_hash_chain,
    )

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
    ratios, costs = {}, {}
    run = 0
    for clients in CLIENTS:
        ours, unchained, theirs = 0.0, 0.0, 0.0
        for _ in range(ROUNDS):
            run += 1
            ours = max(ours, ledger_tps(clients, run, data, duration))
            run += 1
            with without_hash_chain():
                unchained = max(unchained, ledger_tps(clients, run, data, duration))
            theirs = max(theirs, pgbench_tps(clients, duration))
        ratios[clients] = ours / theirs if theirs else 0.0
        costs[clients] = ours / unchained if unchained else 0.0
        print(
            f"{clients:>7} {ours:>12.0f} {unchained:>10.0f} {theirs:>12.0f} "
            f"{ratios[clients]:>6.2f} {costs[clients]:>16.2f}",
            flush=True,
        )
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
