"""The demo bank: loads once, gives each member of the cast something to see, keeps the ledger
consistent."""

from __future__ import annotations

import pytest
from django.db.models import Count

from minsheng.people.models import User
from minsheng.timebank import demo, ledger
from minsheng.timebank.ledger import check
from minsheng.timebank.models import (
    Dispute,
    GroupActivity,
    Milestone,
    OrderEvent,
    OrderState,
    ServiceOrder,
    Transaction,
    Transfer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def snapshot() -> dict[str, int]:
    return {
        "people": User.objects.count(),
        "orders": ServiceOrder.objects.count(),
        "events": OrderEvent.objects.count(),
        "transactions": Transaction.objects.count(),
    }


def test_the_demo_bank_is_believable_and_loads_once(cast):
    demo.load()
    first = snapshot()
    demo.load()
    assert snapshot() == first
    assert first["people"] > 300
    states = dict(ServiceOrder.objects.values_list("state").annotate(n=Count("pk")))
    assert set(states) == set(OrderState.values), states
    kinds = set(Transaction.objects.values_list("kind", flat=True))
    assert {
        "grant",
        "service_payment",
        "gift",
        "donation",
        "allocation",
        "reversal",
        "activity_payment",
    } <= kinds
    assert Dispute.objects.filter(decided_at__isnull=False).exists()
    assert Dispute.objects.filter(decided_at__isnull=True).exists()
    assert GroupActivity.objects.count() == 2
    assert Transfer.objects.filter(kind="gift").exists()
    assert check.run() == []

    elder, volunteer = cast.elder, cast.volunteer
    mine = ServiceOrder.objects.filter(beneficiary=elder)
    assert mine.filter(state=OrderState.SIGNED_OUT).exists()  # hers to confirm
    assert mine.filter(state=OrderState.POSTED).exists()
    assert ledger.person_account(volunteer).earned >= 100 * 60
    assert Milestone.objects.filter(person=volunteer, kind="star_1").exists()
    station_orders = ServiceOrder.objects.filter(station__organisation__code="ST-110105017")
    assert station_orders.filter(state=OrderState.POSTED).exists()
    assert station_orders.filter(state=OrderState.DISPUTED).exists()
    assert OrderEvent.objects.filter(on_behalf_of__isnull=False).exists()  # proxies recorded
