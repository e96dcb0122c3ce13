"""The confirm endpoint's queries, pinned: it is the hot path of the procedure."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_confirming_through_the_api_takes_a_fixed_number_of_queries(tb, django_assert_num_queries):
    order = tb.served(tb.cast.elder, tb.cast.volunteer)
    client = APIClient()
    client.force_authenticate(tb.cast.elder)
    # The order read in scope, the confirm permission, the policy; in the transaction: the order
    # locked, its signs at the door (do they all count?), the three accounts locked, the ledger
    # posting (one statement), the order saved, both events in one insert, one audit row
    # (savepoint and release: the test's transaction).
    with tb.after(order), django_assert_num_queries(12):
        response = client.post(
            f"/api/timebank/orders/{order.pk}/confirm/", {"rating": 5}, format="json"
        )
    assert response.status_code == 200
    assert response.json()["category"] == order.category.code
