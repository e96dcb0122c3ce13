"""What offers and matching tell people: an invitation to the volunteer, and the station when a
request is still unbooked a day before its time (imported by ``timebank.notifications``)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from minsheng.jobs.schedule import every
from minsheng.notifications.registry import Kind, Occurrence, follow
from minsheng.notifications.registry import register_kind as add
from minsheng.timebank import clock
from minsheng.timebank.models import Invitation, OrderState, ServiceOrder
from minsheng.timebank.notifications import NO_SMS, SMS_AND_ALL, station_staff, tell

# A request still without a volunteer this long before its time goes to the station.
ESCALATE_WITHIN = dt.timedelta(hours=24)

add(
    Kind(
        "timebank.invited",
        _("You are asked to take a request"),
        _("You are asked to help %(elder)s: %(service)s on %(starts_at)s"),
        _("%(distance)s from you. Open the request to book it if you can."),
        channels=SMS_AND_ALL,
        wechat_fields={"thing1": "service", "time2": "starts_at"},
    ),
    Kind(
        "timebank.unbooked_escalated",
        _("A request has no volunteer a day before its time"),
        _("No volunteer yet for request %(reference)s (%(service)s on %(starts_at)s)"),
        _("Look at the matching volunteers and ask one, or assign one."),
        channels=NO_SMS,
    ),
)


def distance_text(metres: int | None) -> dict[str, str]:
    if metres is None:
        return {"zh-hans": "在您的服务片区内", "en": "In your area"}
    km = f"{metres / 1000:.1f}"
    return {"zh-hans": f"距离约{km}公里", "en": f"About {km} km"}


@follow("timebank.invite_volunteer", clock=clock.now)
def invited(happened: Occurrence) -> None:
    target = happened.target
    if not isinstance(target, Invitation):
        return
    invitation = Invitation.objects.select_related(
        "volunteer", "order", "order__beneficiary", "order__item", "order__region"
    ).get(pk=target.pk)
    order = invitation.order
    tell(
        "timebank.invited",
        order,
        [invitation.volunteer],
        happened,
        key=f"timebank.invited:{invitation.pk}",
        link=reverse("timebank:open_request", args=[order.pk]),
        distance=distance_text(invitation.distance_m),
    )


@every(name="timebank.escalate_unbooked", minutes=30)
def escalate_unbooked_periodically() -> None:
    escalate_unbooked(now=clock.now())


def escalate_unbooked(*, now: dt.datetime) -> int:
    """Requests open for volunteers but unbooked within a day of their time: tell the station."""
    due = ServiceOrder.objects.filter(
        state=OrderState.APPROVED,
        volunteer__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + ESCALATE_WITHIN,
    ).select_related("beneficiary", "item", "region", "station")
    told = 0
    for order in due.order_by("starts_at", "pk"):
        tell(
            "timebank.unbooked_escalated",
            order,
            station_staff(order.station),
            None,
            key=f"timebank.unbooked_escalated:{order.pk}:{order.starts_at:%Y%m%d%H%M}",
            urgent=True,
            link=reverse("timebank:matches", args=[order.pk]),
        )
        told += 1
    return told
