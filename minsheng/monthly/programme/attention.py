"""What waits on the home page of the people responsible for the programme's problems."""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext

from minsheng import access
from minsheng.core.modules import Attention, add_attention
from minsheng.monthly.models import SupervisionItem


@add_attention
def overdue_supervision(user: Any) -> list[Attention]:
    if not access.can(user, "monthly.report_progress"):
        return []
    overdue = SupervisionItem.objects.filter(status=SupervisionItem.Status.OPEN, escalation__gt=0)
    count = access.scope(user, "monthly.view_problem", overdue).count()
    text = ngettext(
        "%(n)s supervision item is overdue.", "%(n)s supervision items are overdue.", count
    ) % {"n": count}
    return [Attention(text, "monthly:plans", urgent=True)] if count else []
