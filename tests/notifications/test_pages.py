"""The pages: the bell, the inbox (read, delete, without JavaScript), preferences, and for staff
the SMS outbox and the delivery log, within their area."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from minsheng.notifications import delivery
from minsheng.notifications.models import Delivery, Message, OutboxMessage, Preference
from minsheng.notifications.sending import Phone, notify


def told(person, key: str, *, link: str = "/timebank/", region: str = "") -> Message:  # type: ignore[no-untyped-def]
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(
            kind="timebank.grant_received",
            recipients=[person],
            payload={"minutes": 600},
            link=link,
            key=key,
            region_path=region,
        )
    return Message.objects.get(event__key=key, recipient=person)


def test_the_bell_shows_the_unread_count_on_every_page(client, cast):
    told(cast.elder, "a")
    told(cast.elder, "b")
    client.force_login(cast.elder)
    page = client.get(reverse("web:home")).content.decode()
    assert 'id="notification-count">2<' in page


def test_the_inbox_lists_the_readers_messages_only(client, cast):
    told(cast.elder, "mine")
    told(cast.family, "theirs")
    client.force_login(cast.elder)
    page = client.get(reverse("notifications:inbox"))
    assert page.status_code == 200
    assert page.context["page"].object_list[0].recipient == cast.elder
    assert len(page.context["page"].object_list) == 1


def test_opening_a_message_marks_it_read_and_follows_its_link(client, cast):
    message = told(cast.elder, "open", link="/timebank/account/")
    client.force_login(cast.elder)
    response = client.get(reverse("notifications:open", args=[message.pk]))
    assert response.status_code == 302 and response["Location"] == "/timebank/account/"
    message.refresh_from_db()
    assert message.read_at is not None


def test_marking_all_read_and_deleting_work_with_plain_forms(client, cast):
    first, second = told(cast.elder, "1"), told(cast.elder, "2")
    client.force_login(cast.elder)
    client.post(reverse("notifications:mark_all_read"))
    assert not Message.objects.filter(recipient=cast.elder, read_at__isnull=True).exists()
    client.post(reverse("notifications:delete", args=[first.pk]))
    assert list(Message.objects.filter(recipient=cast.elder)) == [second]


def test_nobody_reads_or_deletes_another_persons_message(client, cast):
    message = told(cast.elder, "private")
    client.force_login(cast.family)
    assert client.get(reverse("notifications:open", args=[message.pk])).status_code == 404
    client.post(reverse("notifications:delete", args=[message.pk]))
    assert Message.objects.filter(pk=message.pk, read_at__isnull=True).exists()


def test_preferences_are_saved_from_the_form(client, cast):
    client.force_login(cast.elder)
    response = client.post(
        reverse("notifications:preferences"),
        {
            "sms_enabled": "on",
            "email_enabled": "on",
            "email": "elder@example.cn",
            "language": "en",
            "quiet_start": "22:00",
            "quiet_end": "07:00",
            "share_with_family": "on",
        },
    )
    assert response.status_code == 302
    saved = Preference.objects.get(person=cast.elder)
    assert saved.email == "elder@example.cn" and saved.language == "en"
    assert saved.share_with_family and not saved.push_enabled
    assert str(saved.quiet_start) == "22:00:00"


def test_the_outbox_is_for_staff_and_shows_only_their_area(client, cast, beijing):
    with TestCase.captureOnCommitCallbacks(execute=True):
        for key, region in (
            ("here", beijing["110105017"].path),
            ("there", beijing["110108001"].path),
        ):
            notify(
                kind="hotline.case_received",
                recipients=[Phone("13900001111")],
                payload={"number": key},
                key=key,
                region_path=region,
                urgent=True,
            )
    delivery.deliver_due()
    assert OutboxMessage.objects.count() == 2
    client.force_login(cast.outsider)
    assert client.get(reverse("notifications:outbox")).status_code == 403
    client.force_login(cast.station_operator)
    page = client.get(reverse("notifications:outbox"))
    texts = [text.text for text in page.context["page"].object_list]
    assert len(texts) == 1 and "here" in texts[0]
    assert "139****1111" in page.content.decode() and "13900001111" not in page.content.decode()


def test_the_delivery_log_filters_and_an_administrator_resends(client, cast, beijing, settings):
    settings.NOTIFICATIONS_SMS = {"backend": "tests.notifications.fakes.ScriptedBackend"}
    from tests.notifications.fakes import ScriptedBackend

    ScriptedBackend.script = ["refused"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(
            kind="hotline.case_received",
            recipients=[Phone("13900001111")],
            payload={"number": "20261206000001"},
            key="failing",
            region_path=beijing["110105017"].path,
            urgent=True,
        )
    delivery.deliver_due()
    failed = Delivery.objects.get()
    assert failed.status == Delivery.Status.FAILED
    client.force_login(cast.chaoyang_admin)
    page = client.get(reverse("notifications:deliveries"), {"status": "failed", "channel": "sms"})
    assert [row.pk for row in page.context["page"].object_list] == [failed.pk]
    assert (
        not client.get(reverse("notifications:deliveries"), {"status": "sent"})
        .context["page"]
        .object_list
    )
    client.post(reverse("notifications:resend", args=[failed.pk]))
    failed.refresh_from_db()
    assert failed.status in (Delivery.Status.QUEUED, Delivery.Status.SENT)


def test_the_preferences_page_offers_the_push_button_with_the_servers_key(client, cast):
    from minsheng.notifications.channels import push

    client.force_login(cast.volunteer)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert f'data-key="{push.public_key()}"' in page
    assert 'id="push-subscribe"' in page


def test_the_service_worker_may_serve_the_whole_site(client, db):
    response = client.get(reverse("notifications:service_worker"))
    assert response["Service-Worker-Allowed"] == "/"
    assert b"showNotification" in response.content
