"""The text message that carries a one-time code (``people.verification``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from minsheng.notifications.models import Channel
from minsheng.notifications.registry import Kind, register_kind
from minsheng.notifications.sending import Phone, notify
from minsheng.people.models import PhoneCode

register_kind(
    Kind(
        "people.phone_code",
        _("A one-time code to confirm a phone number"),
        _("Your code is %(code)s. It is valid for 10 minutes. Do not tell it to anyone."),
        channels=(Channel.SMS,),
        # Staff who open the SMS outbox must not read residents' codes.
        secret=("code",),
    )
)


def text_code(sent: PhoneCode, number: str, code: str) -> None:
    # Urgent: the person waits for it, so quiet hours do not hold it back.
    notify(
        kind="people.phone_code",
        recipients=[Phone(number)],
        payload={"code": code},
        urgent=True,
        key=f"people.phone_code:{sent.pk}",
    )
