"""Following the Time Bank's settlements, to answer the hotline cases they came from.

Registered with the notifications app like any module's followers: the handler runs in the
background after the settlement commits, so a failure here never undoes a payment.
"""

from __future__ import annotations

from minsheng.carelink.actions import (
    CONFIRMED_BY,
    FELL_THROUGH,
    answer_case_from_service,
    report_service_fell_through,
)
from minsheng.notifications.registry import Occurrence, follow
from minsheng.timebank import clock
from minsheng.timebank.models import ServiceOrder


def service_settled(happened: Occurrence) -> None:
    if isinstance(happened.target, ServiceOrder):
        answer_case_from_service(order=happened.target, settled_by=happened.action)


for _action in CONFIRMED_BY:
    follow(_action, clock=clock.now)(service_settled)


def service_fell_through(happened: Occurrence) -> None:
    if isinstance(happened.target, ServiceOrder):
        report_service_fell_through(order=happened.target, reason=happened.note)


for _action in FELL_THROUGH:
    follow(_action, clock=clock.now)(service_fell_through)
