"""E-mail through Django's SMTP backend to a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import pytest
from django.test import TestCase

from minsheng.notifications import delivery
from minsheng.notifications.actions import save_preferences
from minsheng.notifications.models import Attempt, Delivery
from minsheng.notifications.sending import notify
from tests.notifications.servers import smtp_for_django


@pytest.fixture
def smtp(settings):  # type: ignore[no-untyped-def]
    with smtp_for_django(settings) as mailbox:
        yield mailbox


def test_a_person_with_an_address_gets_a_plain_and_an_html_email(cast, smtp):
    save_preferences(
        actor=cast.family, person=cast.family, email="zhao.lei@example.cn", language="en"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(
            kind="monthly.task_due",
            recipients=[cast.family],
            payload={"title": "更换老旧电梯", "due": "2026-12-09", "problem": "老旧小区电梯"},
            link="/monthly/programme/problems/1/",
            key="task:1",
        )
    sent = delivery.deliver(Delivery.objects.get(channel="email").pk)
    assert sent.status == Delivery.Status.SENT
    (message,) = smtp.messages
    assert smtp.recipients == [["zhao.lei@example.cn"]]
    assert message["Subject"] == "Task due on 2026-12-09: 更换老旧电梯"
    assert message["Message-ID"].strip("<>") == sent.provider_message_id
    plain = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "http://127.0.0.1:8000/monthly/programme/problems/1/" in plain
    assert 'href="http://127.0.0.1:8000/monthly/programme/problems/1/"' in html
    assert Attempt.objects.get().outcome == Attempt.Outcome.SENT


def test_a_mail_server_that_cannot_be_reached_means_try_again_later(cast, settings):
    from tests.notifications.servers import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    save_preferences(actor=cast.family, person=cast.family, email="zhao.lei@example.cn")
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(kind="monthly.task_due", recipients=[cast.family], payload={}, key="task:2")
    tried = delivery.deliver(Delivery.objects.get(channel="email").pk)
    assert tried.status == Delivery.Status.RETRYING
