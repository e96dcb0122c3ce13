"""The failover drill (``minsheng ha-drill``): does a synchronous standby lose nothing?

In a scratch directory it makes a primary and a synchronous standby from the embedded wheel
(``core.database.replication``), migrates the primary and gives it a small Time Bank. Several
clients then donate coins to the public pool through the real action (``funding.donate``: a
transfer, its ledger posting and its audit record, with the client's idempotency key), each
with its own connection. A donation is *acknowledged* when the action returned; each is looked up
on the standby at that moment. Once enough are acknowledged the primary is killed outright (the
postmaster and every backend, SIGKILL: a lost machine), the standby is promoted and the
application is pointed at it. Then:

* every acknowledged donation must be there, once (its transfer, one ledger transaction);
* donations in flight at the kill are *in doubt*: the client retries them with the same key, as
  a client would, and each must end up posted exactly once;
* the pool holds exactly one minute per donation, so no posting was applied twice;
* ``check-ledger`` (balances, invariants, hash chains) must pass on the promoted standby.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.db.models import Count

from minsheng import dbserver
from minsheng.core.database import replication
from minsheng.timebank.generator import Bar

PRIMARY_PORT = 5441
STANDBY_PORT = 5442


@dataclass
class Plan:
    workdir: Path
    clients: int = 4
    kill_after: int = 200  # acknowledged donations before the primary is killed
    donors: int = 40
    synchronous_commit: str = "remote_apply"
    keep: bool = False


@dataclass
class Tally:
    """What the clients were told, shared by their threads."""

    acknowledged: dict[str, Any] = field(default_factory=dict)  # client key -> donor
    in_doubt: dict[str, Any] = field(default_factory=dict)
    seen_on_standby: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return len(self.acknowledged)


@dataclass
class Result:
    acknowledged: int
    seen_on_standby: int
    missing: list[str]
    posted_twice: list[str]
    in_doubt: int
    in_doubt_already_posted: int
    pool_minutes: int
    donations: int
    failover_seconds: float
    ledger_report: str
    ledger_consistent: bool

    @property
    def passed(self) -> bool:
        return (
            not self.missing
            and not self.posted_twice
            and self.pool_minutes == self.donations
            and self.ledger_consistent
        )

    def summary(self) -> list[str]:
        return [
            f"acknowledged donations:          {self.acknowledged}",
            f"  visible on the standby at ack: {self.seen_on_standby}",
            f"  found after failover:          {self.acknowledged - len(self.missing)}",
            f"  missing:                       {len(self.missing)}",
            f"in flight at the kill (retried): {self.in_doubt} "
            f"({self.in_doubt_already_posted} had been committed before)",
            f"posted more than once:           {len(self.posted_twice)}",
            f"pool minutes / donations:        {self.pool_minutes} / {self.donations}",
            f"kill to writable standby:        {self.failover_seconds:.2f} s",
            f"check-ledger:                    "
            f"{'consistent' if self.ledger_consistent else 'DISCREPANCIES'}",
        ]


def point_application_at(node: replication.Node) -> None:
    """Every new connection of this process (the application's and the owner's role) goes to
    ``node``; open ones are closed."""
    connections.close_all()
    fields = {"HOST": node.socket_dir, "PORT": str(node.port), "NAME": dbserver.DATABASE_NAME}
    default = connections["default"].settings_dict
    default.update(fields, USER=dbserver.APPLICATION_ROLE, PASSWORD="", EMBEDDED=False)
    settings.MIGRATION_DATABASE = {
        **fields,
        "USER": dbserver.OWNER_ROLE,
        "PASSWORD": "",
        "OPTIONS": {},
    }


def run(plan: Plan, say: Callable[[str], None], bar: Bar) -> Result:
    """``say`` reports each step; ``bar`` is the progress bar of the Time Bank's generator."""
    saved = (
        dict(connections["default"].settings_dict),
        settings.MIGRATION_DATABASE,
        settings.LEDGER_SYNCHRONOUS_COMMIT,
    )
    primary = standby = None
    try:
        if plan.workdir.exists():
            shutil.rmtree(plan.workdir)
        say(f"primary: initdb in {plan.workdir / 'primary'}")
        primary = replication.create_primary(plan.workdir / "primary", PRIMARY_PORT)
        say("standby: pg_basebackup from the primary, streaming, synchronous")
        standby = replication.create_standby(primary, plan.workdir / "standby", STANDBY_PORT)
        settings.LEDGER_SYNCHRONOUS_COMMIT = plan.synchronous_commit
        point_application_at(primary)
        donors = _prepare(plan, bar)
        say(f"load: {plan.clients} clients donating through the ledger")
        tally = _load_until_kill(plan, primary, standby, donors)
        say(f"primary killed after {len(tally.acknowledged)} acknowledged donations; promoting")
        began = time.monotonic()
        standby.promote()
        replication.wait_until_writable(standby)
        failover = time.monotonic() - began
        point_application_at(standby)
        return _verify(tally, failover)
    finally:
        connections.close_all()
        connections["default"].settings_dict.clear()
        connections["default"].settings_dict.update(saved[0])
        settings.MIGRATION_DATABASE, settings.LEDGER_SYNCHRONOUS_COMMIT = saved[1], saved[2]
        for node in (primary, standby):
            if node is not None:
                _quietly(node.stop)
        if not plan.keep and plan.workdir.exists():
            shutil.rmtree(plan.workdir, ignore_errors=True)


def _prepare(plan: Plan, bar: Bar) -> list[Any]:
    from minsheng.people import demo as people_demo
    from minsheng.people.models import User
    from minsheng.regions import demo as regions_demo
    from minsheng.timebank.generator import Generator
    from minsheng.timebank.generator import Plan as GeneratorPlan

    call_command("migrate", interactive=False, verbosity=0)
    regions_demo.load()
    people_demo.load()
    generated = GeneratorPlan(
        volunteers=plan.donors, elders=plan.donors, orders=plan.donors, extra_minutes=100_000
    )
    with transaction.atomic():
        Generator(generated, bar).run()
    return list(User.objects.filter(username__startswith="gen1-e").order_by("pk"))


def _load_until_kill(
    plan: Plan, primary: replication.Node, standby: replication.Node, donors: list[Any]
) -> Tally:
    tally = Tally()
    stop = threading.Event()
    clients = [
        threading.Thread(target=_client, args=(n, plan, standby, donors, tally, stop), daemon=True)
        for n in range(plan.clients)
    ]
    connections.close_all()
    for client in clients:
        client.start()
    deadline = time.monotonic() + 600
    while tally.count() < plan.kill_after and time.monotonic() < deadline:
        if not any(client.is_alive() for client in clients):
            raise RuntimeError("Every load client stopped before the primary was killed.")
        time.sleep(0.01)
    primary.kill()
    stop.set()
    for client in clients:
        client.join(timeout=60)
    return tally


def _client(
    number: int,
    plan: Plan,
    standby: replication.Node,
    donors: list[Any],
    tally: Tally,
    stop: threading.Event,
) -> None:
    from minsheng.timebank.actions.funding import donate

    on_standby = standby.connect(dbserver.DATABASE_NAME)
    try:
        sequence = 0
        while not stop.is_set():
            donor = donors[(number + sequence * plan.clients) % len(donors)]
            key = f"drill-{number}-{sequence}"
            sequence += 1
            try:
                donate(actor=donor, donor=donor, minutes=1, client_key=key)
            except Exception:  # the primary is gone: the outcome is unknown to this client
                with tally.lock:
                    tally.in_doubt[key] = donor
                return
            row = on_standby.execute(
                "SELECT count(*) FROM timebank_transfer WHERE client_key = %s",
                [f"{donor.pk}:{key}"],
            ).fetchone()
            with tally.lock:
                tally.acknowledged[key] = donor
                tally.seen_on_standby += int(bool(row and row[0]))
    finally:
        on_standby.close()
        _quietly(connection.close)


def _verify(tally: Tally, failover: float) -> Result:
    from minsheng.timebank.actions.funding import donate
    from minsheng.timebank.ledger import pool_account
    from minsheng.timebank.models import Transaction, Transfer

    def posted(keys: dict[str, Any]) -> dict[str, int]:
        wanted = {f"{donor.pk}:{key}": key for key, donor in keys.items()}
        transfers = Transfer.objects.filter(client_key__in=wanted)
        postings = dict(
            Transaction.objects.filter(transfer__in=transfers)
            .values_list("transfer__client_key")
            .annotate(n=Count("id"))
            .values_list("transfer__client_key", "n")
        )
        return {wanted[client_key]: count for client_key, count in postings.items()}

    found = posted(tally.acknowledged)
    already = posted(tally.in_doubt)
    for key, donor in tally.in_doubt.items():
        donate(actor=donor, donor=donor, minutes=1, client_key=key)
    retried = posted(tally.in_doubt)
    counts = {**found, **retried}
    report, consistent = _check_ledger()
    pool = pool_account()
    pool.refresh_from_db()
    return Result(
        acknowledged=len(tally.acknowledged),
        seen_on_standby=tally.seen_on_standby,
        missing=[key for key in tally.acknowledged if key not in found]
        + [key for key in tally.in_doubt if key not in retried],
        posted_twice=[key for key, count in counts.items() if count > 1],
        in_doubt=len(tally.in_doubt),
        in_doubt_already_posted=len(already),
        pool_minutes=pool.balance,
        donations=Transfer.objects.filter(kind=Transfer.Kind.DONATION).count(),
        failover_seconds=failover,
        ledger_report=report,
        ledger_consistent=consistent,
    )


def _check_ledger() -> tuple[str, bool]:
    out, err = StringIO(), StringIO()
    try:
        call_command("check_ledger", stdout=out, stderr=err)
    except CommandError as error:
        return f"{out.getvalue()}{err.getvalue()}{error}\n", False
    return out.getvalue(), True


def _quietly(action: Callable[[], object]) -> None:
    # Cleaning up after a server that was killed on purpose.
    with contextlib.suppress(Exception):
        action()
