"""What the Time Bank adds to pages of the shell (``core.modules``).

* every page, for an elder: a large button that calls the station the elder is registered at;
* a family member's home page: a card per elder relative whose account they may see (the
  verified relation and ``timebank.view_account``), with the balance, the coming services and
  the station's telephone.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from minsheng import access
from minsheng.core.modules import EVERY_PAGE, HOME_PAGE, Panel, add_panel
from minsheng.people.relations import verified_relative_ids
from minsheng.timebank.models import Account, ElderProfile, OrderState, ServiceOrder, Station

UPCOMING_SHOWN = 3
# What a relative sees coming: requested, approved, booked or under way.
COMING_STATES = (OrderState.POSTED, OrderState.APPROVED, OrderState.BOOKED, OrderState.SIGNED_IN)


@add_panel(EVERY_PAGE)
def station_call(user: Any, _person: Any) -> Panel | None:
    # The roles are already loaded for the page's frame: no query for anyone but elders.
    if "elder" not in access.roles_of(user):
        return None
    station = Station.objects.select_related("organisation").filter(elders__person=user).first()
    if station is None or not station.phone:
        return None
    return Panel("timebank/panels/station_call.html", {"station": station})


@add_panel(HOME_PAGE)
def relatives_accounts(user: Any, _person: Any) -> Panel | None:
    if "family_member" not in access.roles_of(user):
        return None
    elders = list(
        access.scope(
            user,
            "timebank.view_account",
            ElderProfile.objects.filter(person_id__in=verified_relative_ids(user)),
        )
        .select_related("person", "station__organisation")
        .order_by("person__name")
    )
    if not elders:
        return None
    return Panel("timebank/panels/relatives.html", {"relatives": _cards(user, elders)})


def _cards(user: Any, elders: list[ElderProfile]) -> list[dict[str, Any]]:
    people = [elder.person_id for elder in elders]
    balances = dict(
        Account.objects.filter(kind=Account.Kind.PERSON, owner_id__in=people).values_list(
            "owner_id", "balance"
        )
    )
    coming = access.scope(
        user,
        "timebank.view_order",
        ServiceOrder.objects.filter(
            beneficiary_id__in=people, state__in=COMING_STATES, ends_at__gte=timezone.now()
        ),
    ).select_related("item", "volunteer")
    upcoming: dict[int, list[ServiceOrder]] = {pk: [] for pk in people}
    for order in coming.order_by("starts_at"):
        if len(upcoming[order.beneficiary_id]) < UPCOMING_SHOWN:
            upcoming[order.beneficiary_id].append(order)
    return [
        {
            "person": elder.person,
            "station": elder.station,
            "balance": balances.get(elder.person_id, 0),
            "upcoming": upcoming[elder.person_id],
        }
        for elder in elders
    ]
