"""The confirm endpoint's queries, pinned: it is the hot path of the procedure."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_confirming_through_the_api_takes_a_fixed_number_of_queries(tb):
    order = tb.served(tb.cast.elder, tb.cast.volunteer)
    client = APIClient()
    client.force_authenticate(tb.cast.elder)
    with tb.after(order), CaptureQueriesContext(connection) as queries:
        response = client.post(f"/api/timebank/orders/{order.pk}/confirm/", {"rating": 5},
                               format="json")  # fmt: skip
    assert response.status_code == 200
    assert len(queries) <= 25
