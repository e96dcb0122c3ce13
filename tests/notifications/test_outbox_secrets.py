"""One-time codes reach the phone, but staff who open the SMS outbox see them masked."""

from __future__ import annotations

import re

from django.urls import reverse

from minsheng.notifications import delivery
from minsheng.notifications.models import Delivery, OutboxMessage
from minsheng.people import verification

PHONE = "13812345678"


def test_the_outbox_keeps_the_code_masked_and_the_gateway_gets_it(client, cast, committed):
    with committed():
        verification.send_code(phone=PHONE, purpose="hotline.track")
    delivery.deliver_due()
    sent = Delivery.objects.get(event__kind="people.phone_code")
    code = re.search(r"\d{6}", sent.text)
    assert code is not None  # what the provider is given to send
    kept = OutboxMessage.objects.get()
    assert code.group() not in kept.text and "******" in kept.text
    assert kept.phone_masked == "138****5678"

    client.force_login(cast.dispatcher)
    page = client.get(reverse("notifications:outbox")).content.decode()
    assert "******" in page and code.group() not in page


def test_other_texts_are_kept_as_written(cast, committed):
    from minsheng.notifications.sending import Phone, notify

    with committed():
        notify(
            kind="hotline.case_received",
            recipients=[Phone(PHONE)],
            payload={"number": "20261207000123"},
            key="received",
            urgent=True,
        )
    delivery.deliver_due()
    assert "20261207000123" in OutboxMessage.objects.get().text
