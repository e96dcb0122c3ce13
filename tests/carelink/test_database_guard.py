"""PostgreSQL itself keeps one link per case and refuses a link without consent (committed)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from minsheng.carelink.models import CareLink
from tests.carelink.test_turning_into_service import turn

pytestmark = pytest.mark.django_db(transaction=True)


def insert_link(cast, case, order, **overrides):  # type: ignore[no-untyped-def]
    """A row written past the action, as a shell or a bulk script could."""
    fields = {
        "case": case,
        "order": order,
        "elder": order.beneficiary,
        "consent_given_by": "elder",
        "consent_method": "phone",
        "linked_by": cast.dispatcher,
    }
    with transaction.atomic():
        return CareLink.objects.create(**{**fields, **overrides})


def test_the_database_refuses_a_second_link_for_the_same_case(cast, tb, care_case, elder):
    link = turn(cast.dispatcher, care_case, elder, tb)
    other = tb.posted(elder, hours_ahead=72)
    with pytest.raises(IntegrityError, match="carelink_one_link_per_case"):
        insert_link(cast, care_case, other)
    assert list(CareLink.objects.all()) == [link]


def test_the_database_refuses_a_link_without_consent(cast, tb, care_case, elder):
    order = tb.posted(elder, hours_ahead=72)
    with pytest.raises(IntegrityError, match="carelink_consent_recorded"):
        insert_link(cast, care_case, order, consent_given_by="", consent_method="")
    assert not CareLink.objects.exists()
