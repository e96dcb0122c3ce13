"""Writing the audit log. Call :func:`record` inside the transaction of the change it records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from minsheng.audit.context import current
from minsheng.audit.models import AuditEntry

# Called with each new entry, inside the transaction of the change it records (notifications
# follow actions here, and only act once that transaction commits).
LISTENERS: list[Callable[[AuditEntry], None]] = []


def record(
    *,
    action: str,
    target: models.Model | None,
    actor: Any = None,
    on_behalf_of: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    region_path: str = "",
) -> AuditEntry:
    """Append one audit entry; the acting user and address default to the current request."""
    context = current()
    if actor is None:
        actor = context.user.resolve() if hasattr(context.user, "resolve") else context.user
    entry = AuditEntry.objects.create(
        actor=actor,
        on_behalf_of=on_behalf_of,
        channel=context.channel,
        ip=context.ip,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        region_path=region_path or _region_path_of(target),
        before=_jsonable(before),
        after=_jsonable(after),
        note=note,
    )
    for listener in LISTENERS:
        listener(entry)
    return entry


def _region_path_of(target: models.Model | None) -> str:
    """Objects tell their region through ``audit_region_path`` (a property or a field)."""
    path = getattr(target, "audit_region_path", "") if target is not None else ""
    return path or ""


def _jsonable(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    import json

    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, default=str))
