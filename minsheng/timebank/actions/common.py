"""Helpers shared by the actions: events, proxies, the acting channel."""

from __future__ import annotations

from typing import Any

from django.db import models

from minsheng.audit.context import current
from minsheng.timebank import clock
from minsheng.timebank.models import OrderEvent, ServiceOrder


def channel() -> str:
    return current().channel


def pk_or_none(obj: Any) -> int | None:
    return obj.pk if obj is not None else None


def acting_for(actor: Any, party: Any) -> Any:
    """The person an actor acted for: ``party``, unless the actor is that person."""
    if actor is None or party is None or actor.pk == party.pk:
        return None
    return party


def locked(instance: models.Model) -> Any:
    """The row again, locked until the end of the transaction, with its current values."""
    return type(instance)._default_manager.select_for_update().get(pk=instance.pk)


def locked_order(order: ServiceOrder) -> ServiceOrder:
    """The order locked (its row only), with what it names loaded in the same query: the people,
    and the item, category and region that its audit row and the answer show."""
    return (
        ServiceOrder.objects.select_for_update(of=("self",))
        .select_related("beneficiary", "payer", "volunteer", "item", "category", "region")
        .get(pk=order.pk)
    )


def add_event(order: ServiceOrder, kind: str, **fields: Any) -> OrderEvent:
    """Write the event of a move now (the fields are those of :func:`new_event`)."""
    event = new_event(order, kind, **fields)
    event.save()
    return event


def new_event(
    order: ServiceOrder,
    kind: str,
    *,
    from_state: str,
    actor: Any,
    on_behalf_of: Any = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> OrderEvent:
    """The event of a move, not yet saved (to be written with others in one insert)."""
    return OrderEvent(
        order=order,
        kind=kind,
        from_state=from_state,
        to_state=order.state,
        at=clock.now(),
        actor=actor,
        on_behalf_of=on_behalf_of,
        channel=channel(),
        note=note,
        data=data or {},
    )
