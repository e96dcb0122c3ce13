"""E-mail through Django's e-mail framework (SMTP configured by the environment)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid

from minsheng.notifications.channels.base import PermanentFailure, TemporaryFailure
from minsheng.notifications.models import Delivery


def address_of(delivery: Delivery) -> str:
    preference = getattr(delivery.recipient, "notification_preference", None)
    address = delivery.address or (preference.email if preference else "")
    if not address:
        raise PermanentFailure("The recipient has no e-mail address.")
    return address


def send(delivery: Delivery) -> str:
    message_id = make_msgid(domain=_domain())
    message = EmailMultiAlternatives(
        subject=delivery.subject,
        body=delivery.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address_of(delivery)],
        headers={"Message-ID": message_id, "Auto-Submitted": "auto-generated"},
    )
    if delivery.html:
        message.attach_alternative(delivery.html, "text/html")
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as error:
        raise PermanentFailure("The mail server refused the address.") from error
    except smtplib.SMTPResponseException as error:
        # 4xx answers are the server asking to try later; 5xx are refusals.
        failure = TemporaryFailure if 400 <= error.smtp_code < 500 else PermanentFailure
        raise failure(f"SMTP {error.smtp_code}") from error
    except (OSError, smtplib.SMTPException) as error:
        raise TemporaryFailure(f"Cannot reach the mail server: {type(error).__name__}") from error
    return message_id.strip("<>")


def _domain() -> str:
    sender = str(settings.DEFAULT_FROM_EMAIL)
    return sender.rsplit("@", 1)[-1].strip(">") if "@" in sender else "minsheng.local"
