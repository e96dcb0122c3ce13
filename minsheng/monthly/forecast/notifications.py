"""What the forecasts tell people: a unit's staff hear of a proactive item handed to their unit."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minsheng.monthly.models import ProactiveItem
from minsheng.notifications.models import Channel
from minsheng.notifications.registry import Kind, Occurrence, follow, register_kind
from minsheng.notifications.sending import notify
from minsheng.people.models import RoleAssignment, User
from minsheng.people.roles import Role

register_kind(
    Kind(
        "monthly.proactive_item_assigned",
        _("A rise in cases was handed to your unit"),
        _("Act before the calls come, by %(due)s: %(group)s"),
        _("%(task)s (%(expected)s cases expected in %(weeks)s weeks, %(usual)s usually.)"),
        channels=(Channel.EMAIL, Channel.PUSH, Channel.WECHAT),
    )
)


def unit_staff(item: ProactiveItem) -> list[User]:
    if item.unit_id is None:
        return []
    holders = RoleAssignment.objects.filter(
        organisation_id=item.unit_id, role__in=(Role.DEPARTMENT_STAFF, Role.UNIT_STAFF)
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=holders, is_active=True))


@follow("monthly.assign_proactive_item")
def assigned(happened: Occurrence) -> None:
    if not isinstance(happened.target, ProactiveItem):
        return
    item = ProactiveItem.objects.get(pk=happened.target.pk)
    notify(
        kind="monthly.proactive_item_assigned",
        recipients=unit_staff(item),
        payload={
            "group": " ".join(part for part in (item.district, item.category) if part),
            "task": item.task,
            "due": item.due.isoformat() if item.due else "",
            "expected": f"{item.expected:g}",
            "usual": f"{item.usual:g}",
            "weeks": item.weeks,
        },
        link=reverse("monthly:proactive_items"),
        key=f"monthly.proactive_item_assigned:{item.pk}",
        actor=happened.actor,
        at=happened.at,
    )
