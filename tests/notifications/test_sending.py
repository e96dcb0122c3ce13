"""notify(): who is told, in which language, on which channels, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from minsheng.notifications.actions import save_preferences
from minsheng.notifications.models import Channel, Delivery, Event, Message, Preference
from minsheng.notifications.rendering import sms_segments
from minsheng.notifications.sending import Phone, after_quiet_hours, notify
from minsheng.people.actions import grant_role
from tests.notifications.conftest import verified_family

PAYLOAD = {
    "reference": "TB0000001",
    "service": {"zh-hans": "上门陪聊", "en": "Home visit"},
    "starts_at": "2026-12-08T02:00:00+00:00",
    "volunteer": "李志愿",
    "elder": "王奶奶",
    "address": "劲松",
}


def tell(*recipients, key="test:1", urgent=False, actor=None, kind="timebank.booked"):  # type: ignore[no-untyped-def]
    """notify() as after a commit (tests run inside a transaction that never commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(
            kind=kind,
            recipients=list(recipients),
            payload=PAYLOAD,
            link="/timebank/orders/1/",
            urgent=urgent,
            key=key,
            actor=actor,
        )
    return Event.objects.filter(key=key).first()


def test_each_person_reads_it_in_their_own_language(cast):
    cast.family.preferred_language = "en"
    cast.family.save()
    tell(cast.elder, cast.family)
    chinese = Message.objects.get(recipient=cast.elder)
    english = Message.objects.get(recipient=cast.family)
    assert "上门陪聊" in chinese.title and "李志愿" in chinese.title
    assert "Home visit" in english.title and english.title.startswith("李志愿 will come")
    # Times are shown in Beijing time (02:00 UTC is 10:00 there).
    assert "10:00" in english.title


def test_the_inbox_is_always_used_and_other_channels_only_when_the_person_can_receive_them(cast):
    cast.elder.set_phone("13812345678")
    cast.elder.save()
    cast.family.phone = cast.family.phone_hash = cast.family.phone_masked = ""
    cast.family.save()
    tell(cast.elder, cast.family)
    assert set(Delivery.objects.filter(recipient=cast.elder).values_list("channel", flat=True)) == {
        Channel.SMS
    }
    assert not Delivery.objects.filter(recipient=cast.family).exists()
    assert Message.objects.filter(recipient=cast.family).exists()


def test_preferences_turn_channels_off_but_never_the_inbox(cast):
    cast.elder.set_phone("13812345678")
    cast.elder.save()
    save_preferences(
        actor=cast.elder, person=cast.elder, sms_enabled=False, email="elder@example.cn"
    )
    tell(cast.elder)
    assert set(Delivery.objects.values_list("channel", flat=True)) == {Channel.EMAIL}
    assert Message.objects.filter(recipient=cast.elder).count() == 1


def test_the_same_key_tells_nobody_twice(cast):
    cast.elder.set_phone("13812345678")
    cast.elder.save()
    first = tell(cast.elder, key="timebank.booked:42")
    again = tell(cast.elder, key="timebank.booked:42")
    assert first == again
    assert Event.objects.count() == 1
    assert Message.objects.count() == 1
    assert Delivery.objects.count() == 1


def test_postgresql_refuses_a_second_delivery_for_the_same_event_recipient_and_channel(cast):
    cast.elder.set_phone("13812345678")
    cast.elder.save()
    event = tell(cast.elder)
    existing = Delivery.objects.get()
    existing.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        existing.save()
    assert Delivery.objects.filter(event=event).count() == 1


def test_the_person_who_acted_is_not_told_about_their_own_action(cast):
    tell(cast.elder, cast.volunteer, actor=cast.volunteer)
    assert list(Message.objects.values_list("recipient__username", flat=True)) == ["elder"]


def test_a_family_member_gets_a_copy_only_when_the_elder_chose_so(cast):
    verified_family(cast.elder, cast.family)
    tell(cast.elder, key="before")
    assert not Message.objects.filter(recipient=cast.family).exists()
    save_preferences(actor=cast.elder, person=cast.elder, share_with_family=True)
    tell(cast.elder, key="after")
    copy = Message.objects.get(recipient=cast.family)
    assert copy.about == cast.elder
    assert cast.elder.name in copy.title


def test_only_the_person_themself_changes_their_preferences(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        save_preferences(actor=cast.station_operator, person=cast.elder, sms_enabled=False)
    assert not Preference.objects.exists()


def case_received_by_sms() -> Delivery:
    """The SMS that tells a caller without an account that case 20261206000001 is received."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(
            kind="hotline.case_received",
            recipients=[Phone("13900001111")],
            payload={"number": "20261206000001"},
            key="hotline.case_received:1",
        )
    return Delivery.objects.get()


def test_a_caller_without_an_account_is_told_by_sms_at_the_number_given(cast):
    delivery = case_received_by_sms()
    assert delivery.channel == Channel.SMS
    assert delivery.address == "13900001111"
    assert delivery.address_masked == "139****1111"
    assert "20261206000001" in delivery.text
    assert not Message.objects.exists()


def test_an_elder_with_neither_phone_nor_log_in_is_reached_through_the_station(tb):
    elder = tb.elder("无手机老人", login=False)
    assert not elder.phone
    tell(elder, key="proxy")
    copy = Message.objects.get(recipient=tb.cast.station_operator)
    assert copy.about == elder
    assert not Delivery.objects.filter(recipient=tb.cast.station_operator).exists()


def test_text_messages_wait_for_the_end_of_quiet_hours_unless_urgent(cast):
    cast.elder.set_phone("13812345678")
    cast.elder.save()
    now = timezone.localtime()
    save_preferences(
        actor=cast.elder,
        person=cast.elder,
        quiet_start=(now - dt.timedelta(hours=1)).time().replace(second=0, microsecond=0),
        quiet_end=(now + dt.timedelta(hours=2)).time().replace(second=0, microsecond=0),
    )
    tell(cast.elder, key="calm")
    tell(cast.elder, key="urgent", urgent=True)
    calm = Delivery.objects.get(event__key="calm")
    urgent = Delivery.objects.get(event__key="urgent")
    assert calm.status == Delivery.Status.DEFERRED
    assert calm.next_attempt_at > timezone.now() + dt.timedelta(hours=1)
    assert urgent.status == Delivery.Status.QUEUED


@pytest.mark.parametrize(
    ("hour", "minute", "resumes"),
    [
        (21, 0, "next day 08:00"),
        (23, 30, "next day 08:00"),
        (3, 0, "same day 08:00"),
        (7, 59, "same day 08:00"),
        (8, 0, None),
        (12, 0, None),
        (20, 59, None),
    ],
)
def test_the_default_quiet_hours_are_nine_in_the_evening_to_eight_in_the_morning_beijing_time(
    hour, minute, resumes
):
    day = dt.date(2026, 12, 7)
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
    later = after_quiet_hours(moment, None)
    if resumes is None:
        assert later is None
    else:
        expected_day = day + dt.timedelta(days=1) if resumes.startswith("next") else day
        assert timezone.localtime(later) == timezone.make_aware(
            dt.datetime.combine(expected_day, dt.time(8, 0))
        )


@pytest.mark.parametrize(
    ("length", "segments"), [(0, 0), (1, 1), (70, 1), (71, 2), (134, 2), (135, 3)]
)
def test_sms_segments_are_70_characters_or_67_when_split(length, segments):
    assert sms_segments("字" * length) == segments


def test_the_sms_records_its_segments_signature_included(cast):
    delivery = case_received_by_sms()
    assert delivery.segments == sms_segments("【民生】" + delivery.text)


def test_an_unknown_kind_is_a_programming_error(cast):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        notify(kind="nobody.knows", recipients=[cast.elder], key="x")


def test_inside_a_transaction_it_waits_for_the_commit(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            assert notify(kind="timebank.booked", recipients=[cast.elder], key="waits") is None
        assert not Event.objects.filter(key="waits").exists()
    for callback in callbacks:
        callback()
    assert Event.objects.filter(key="waits").exists()


def test_nothing_is_told_when_the_transaction_rolls_back(cast, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(kind="timebank.booked", recipients=[cast.elder], payload=PAYLOAD, key="undone")
        raise RuntimeError("the business action failed")
    assert not Event.objects.filter(key="undone").exists()
    assert not Message.objects.exists()


def test_granting_roles_does_not_disturb_anyone(cast):
    grant_role(
        actor=cast.city_admin, user=cast.outsider, role="volunteer", region=cast.elder.home_region
    )
    assert not Event.objects.exists()
