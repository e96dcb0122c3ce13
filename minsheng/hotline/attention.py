"""What waits on the home page of dispatchers and handling units."""

from __future__ import annotations

from typing import Any, cast

from django.utils import timezone
from django.utils.translation import ngettext

from minsheng import access
from minsheng.core.modules import Attention, add_attention
from minsheng.hotline.models import Case, CaseQuerySet, Status


@add_attention
def dispatching(user: Any) -> list[Attention]:
    if not access.can(user, "hotline.dispatch_case"):
        return []
    count = _cases(user, "hotline.view_case").awaiting_dispatch().count()
    text = ngettext("%(n)s case waits for dispatch.", "%(n)s cases wait for dispatch.", count) % {
        "n": count
    }
    return [Attention(text, "hotline:console")] if count else []


@add_attention
def handling(user: Any) -> list[Attention]:
    if not access.can(user, "hotline.handle_case"):
        return []
    mine = _cases(user, "hotline.handle_case")
    new = mine.filter(status=Status.DISPATCHED).count()
    overdue = mine.overdue(timezone.now()).count()
    found = []
    if overdue:
        found.append(
            Attention(
                ngettext(
                    "%(n)s of your unit's cases is overdue.",
                    "%(n)s of your unit's cases are overdue.",
                    overdue,
                )
                % {"n": overdue},
                "hotline:workbench",
                urgent=True,
            )
        )
    if new:
        found.append(
            Attention(
                ngettext(
                    "%(n)s new case to accept or return.",
                    "%(n)s new cases to accept or return.",
                    new,
                )
                % {"n": new},
                "hotline:workbench",
            )
        )
    return found


def _cases(user: Any, action: str) -> CaseQuerySet:
    # access.scope filters the queryset it is given: a CaseQuerySet stays one.
    return cast(CaseQuerySet, access.scope(user, action, Case.objects.all()))
