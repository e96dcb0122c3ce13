"""Order answers built from fields made once per serializer class show what a serializer
building its fields anew would show."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from minsheng.timebank.api import serializers as s

pytestmark = pytest.mark.django_db


class PersonAnew(serializers.ModelSerializer):
    class Meta(s.PersonRefSerializer.Meta):
        pass


class OrderAnew(serializers.ModelSerializer):
    beneficiary = PersonAnew(read_only=True)
    payer = PersonAnew(read_only=True)
    volunteer = PersonAnew(read_only=True, allow_null=True)
    item = s.code_of(s.ServiceItem)
    category = s.code_of(s.ServiceCategory)
    region = s.code_of(s.Region)
    state = serializers.CharField(read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta(s.OrderSerializer.Meta):
        pass


def test_each_order_shows_its_own_values_as_a_serializer_built_anew_would(tb):
    orders = [
        tb.approved(tb.cast.elder, hours_ahead=24),
        tb.booked(tb.cast.elder, tb.cast.volunteer, hours_ahead=48),
        tb.served(tb.cast.elder, tb.cast.volunteer, hours_ahead=72),
    ]
    shown = [s.OrderSerializer(order).data for order in orders]
    assert shown == [OrderAnew(order).data for order in orders]
    assert len({answer["id"] for answer in shown}) == 3
    assert shown[0]["volunteer"] is None
    assert shown[1]["volunteer"]["name"] == tb.cast.volunteer.name
