"""The weekly digest: the home page's "waiting for you", by e-mail, to staff, on Mondays."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import translation

from minsheng.core.modules import attention_for
from minsheng.notifications import delivery
from minsheng.notifications.actions import save_preferences
from minsheng.notifications.digest import send_weekly
from minsheng.notifications.models import Delivery, Message

MONDAY = dt.date(2026, 12, 7)


def test_staff_with_waiting_work_get_it_by_email_on_monday(cast, new_case, committed):
    save_preferences(actor=cast.dispatcher, person=cast.dispatcher, email="dispatch@example.cn")
    with committed():
        assert send_weekly(today=MONDAY - dt.timedelta(days=1)) == 0
        sent = send_weekly(today=MONDAY)
    assert sent >= 1
    digest = Message.objects.get(
        recipient=cast.dispatcher, event__kind="notifications.weekly_digest"
    )
    with translation.override("zh-hans"):
        waiting = [item.text for item in attention_for(cast.dispatcher)]
    assert waiting and all(text in digest.body for text in waiting)
    email = Delivery.objects.get(recipient=cast.dispatcher, channel="email")
    delivery.deliver(email.pk)
    assert mail.outbox[-1].to == ["dispatch@example.cn"]


def test_one_digest_a_week_and_none_for_residents_or_those_with_nothing_waiting(
    cast, new_case, committed
):
    with committed():
        send_weekly(today=MONDAY)
        send_weekly(today=MONDAY)
    assert Message.objects.filter(recipient=cast.dispatcher).count() == 1
    assert not Message.objects.filter(recipient__in=[cast.elder, cast.volunteer]).exists()
    assert not Message.objects.filter(recipient=cast.leader).exists()
