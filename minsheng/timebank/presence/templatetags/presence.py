"""How an order's presence was verified, for the order's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from minsheng.timebank.models import ServiceOrder
from minsheng.timebank.presence import guard
from minsheng.timebank.presence.models import PresenceCheck

register = template.Library()


@register.simple_tag
def presence_of(order: ServiceOrder) -> dict[str, Any]:
    checks = list(order.presence_checks.all())
    method = guard.method_of([c.method for c in checks])
    labels = dict(PresenceCheck.Method.choices)
    return {
        "checks": checks,
        "method": method,
        "label": labels.get(method, _("not verified yet") if checks else ""),
    }
