"""Notifications: how many are queued and delivered per second through the outbox backend, and
what following the confirm action adds to each confirmed service.

In a scratch database (the demo data is untouched):

* ``notify()`` for events with several recipients each (inbox message, SMS and e-mail deliveries
  written), then sending every delivery through the outbox SMS backend and Django's in-memory
  e-mail backend; the baseline is inserting one bare job row per notification (the floor of
  anything queued in PostgreSQL);
* confirming signed-out orders in-process (the confirm action: locks, ledger, events, audit), in
  alternating batches with the notifications' audit listener detached and attached: the
  difference is what the request pays (goal: under 10 %). The worker's later share (following the
  action, writing and sending the notifications) is printed per confirmed service too.
"""

from __future__ import annotations

import time
from typing import Any

from bench.support import signed_out_orders

EVENTS = 400
RECIPIENTS = 5
ORDERS = 600
BATCH = 50


def prepare_people(count: int) -> list[Any]:
    from minsheng.notifications.models import Preference
    from minsheng.people.models import User

    people = []
    for number in range(count):
        person = User(username=f"bench-notify-{number}", name=f"接收人{number}")
        person.set_phone(f"139{number:08d}")
        person.set_unusable_password()
        people.append(person)
    User.objects.bulk_create(people)
    people = list(User.objects.filter(username__startswith="bench-notify-"))
    Preference.objects.bulk_create(
        [Preference(person=p, email=f"p{p.pk}@example.cn") for p in people]
    )
    return people


def bench_throughput() -> dict[str, float]:
    from django.conf import settings

    from minsheng.jobs.models import Job
    from minsheng.notifications import delivery
    from minsheng.notifications.models import Delivery, Message
    from minsheng.notifications.sending import notify

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.NOTIFICATIONS_SMS = {"sign": "民生"}  # the outbox backend
    people = prepare_people(RECIPIENTS * 20)
    started = time.perf_counter()
    for event in range(EVENTS):
        group = [people[(event * RECIPIENTS + n) % len(people)] for n in range(RECIPIENTS)]
        notify(
            kind="hotline.overdue",
            recipients=group,
            payload={"number": f"2026120700{event:04d}", "handling_due": "", "unit": "劲松街道"},
            link="/hotline/",
            key=f"bench:{event}",
            urgent=True,
        )
    queued_seconds = time.perf_counter() - started
    messages = Message.objects.count()
    deliveries = Delivery.objects.count()

    started = time.perf_counter()
    sent = delivery.deliver_due(limit=deliveries + 1)
    delivered_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for number in range(messages):
        Job.objects.create(kind="bench.baseline", params={"n": number})
    baseline_seconds = time.perf_counter() - started
    Job.objects.filter(kind__in=("bench.baseline", "notifications.deliver")).delete()
    return {
        "messages": messages,
        "deliveries": deliveries,
        "sent": sent,
        "queued_per_s": (messages + deliveries) / queued_seconds,
        "delivered_per_s": sent / delivered_seconds,
        "baseline_jobs_per_s": messages / baseline_seconds,
    }


def prepare_orders() -> list[Any]:
    return signed_out_orders(ORDERS, volunteers=300, elders=200, seed=5)


def confirm_all(orders: list[Any]) -> float:
    import datetime as dt

    from minsheng.audit.context import ActingContext, acting
    from minsheng.timebank import clock
    from minsheng.timebank.actions.settlement import confirm_order

    started = time.perf_counter()
    for order in orders:
        with (
            acting(ActingContext(user=order.beneficiary, channel="api")),
            clock.at(order.signed_out_at + dt.timedelta(minutes=5)),
        ):
            confirm_order(actor=order.beneficiary, order=order, rating=5)
    return time.perf_counter() - started


def bench_confirm_cost() -> dict[str, float]:
    from minsheng.audit import actions as audit
    from minsheng.jobs import runner
    from minsheng.jobs.models import Job
    from minsheng.notifications.following import listen

    orders = prepare_orders()
    # The generator's own grants were followed too: only the confirmations are measured.
    Job.objects.filter(kind__startswith="notifications.").delete()
    batches = [orders[n : n + BATCH] for n in range(0, len(orders), BATCH)]
    without = with_listener = 0.0
    counted = {"without": 0, "with": 0}
    for number, batch in enumerate(batches):
        attached = number % 2 == 1
        if not attached and listen in audit.LISTENERS:
            audit.LISTENERS.remove(listen)
        if attached and listen not in audit.LISTENERS:
            audit.LISTENERS.append(listen)
        took = confirm_all(batch)
        if attached:
            with_listener += took
            counted["with"] += len(batch)
        else:
            without += took
            counted["without"] += len(batch)
    if listen not in audit.LISTENERS:
        audit.LISTENERS.append(listen)
    started = time.perf_counter()
    worked = runner.run_pending()
    worker_seconds = time.perf_counter() - started
    per_without = without / counted["without"]
    per_with = with_listener / counted["with"]
    return {
        "confirm_ms": per_without * 1000,
        "confirm_with_notifications_ms": per_with * 1000,
        "added_percent": 100 * (per_with - per_without) / per_without,
        "worker_ms_per_confirm": worker_seconds * 1000 / max(counted["with"], 1),
        "worker_jobs": worked,
    }


def main() -> None:
    import os

    from minsheng.timebank.benchmarking import drop_database, use_fresh_database

    use_fresh_database()
    try:
        rates = bench_throughput()
        cost = bench_confirm_cost()
    finally:
        if not os.environ.get("MINSHENG_BENCH_KEEP"):
            drop_database()
    print(
        f"{EVENTS} events x {RECIPIENTS} recipients: {rates['messages']:.0f} inbox messages, "
        f"{rates['deliveries']:.0f} deliveries (SMS to the outbox, e-mail in memory), "
        f"{rates['sent']:.0f} sent"
    )
    print(f"{len(range(0, ORDERS, BATCH))} alternating batches of {BATCH} in-process confirmations")
    print(f"notifications_queued_per_s={rates['queued_per_s']:.0f}")
    print(f"notifications_delivered_per_s={rates['delivered_per_s']:.0f}")
    print(f"baseline_bare_jobs_per_s={rates['baseline_jobs_per_s']:.0f}")
    print(f"queued_vs_bare_jobs={rates['queued_per_s'] / rates['baseline_jobs_per_s']:.2f}")
    print(f"confirm_ms={cost['confirm_ms']:.1f}")
    print(f"confirm_with_notifications_ms={cost['confirm_with_notifications_ms']:.1f}")
    print(f"notifications_added_cost_percent={cost['added_percent']:.1f}")
    print(f"notifications_worker_ms_per_confirm={cost['worker_ms_per_confirm']:.1f}")
