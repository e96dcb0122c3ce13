"""Notifications: what happened (an event), who reads it in the inbox (messages), and what left
by which channel (deliveries, each attempt logged), with each person's preferences.

An event is written once per idempotency key; a delivery once per (event, recipient, channel):
PostgreSQL refuses a second one, so a retried action or job never tells anyone twice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minsheng.core.fields import EncryptedTextField


class Channel(models.TextChoices):
    INBOX = "inbox", _("Inbox")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message (SMS)")
    PUSH = "push", _("Browser notification")
    WECHAT = "wechat", _("WeChat")


# Channels a person can turn off (the inbox is always on).
OPTIONAL_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.PUSH, Channel.WECHAT)


class Event(models.Model):
    """Something a module said people should hear about, once per idempotency key."""

    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    kind = models.CharField(pgettext_lazy("notifications", "kind"), max_length=64, db_index=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    region_path = models.CharField(_("region"), max_length=64, blank=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caused by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("notification event")
        verbose_name_plural = _("notification events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

    @property
    def audit_region_path(self) -> str:
        return self.region_path


class Message(models.Model):
    """One notification in a person's inbox, written in their language."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="messages"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notification_messages",
    )
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("about"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The person this concerns, when the recipient reads it for them."),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbox message")
        verbose_name_plural = _("inbox messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="message_once_per_person"),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                name="message_unread",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(fields=["recipient", "-created_at"], name="message_recipient_time"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """One event to one recipient by one outside channel (e-mail, SMS, push, WeChat)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        DEFERRED = "deferred", _("Held for quiet hours")
        SENDING = "sending", _("Sending")
        RETRYING = "retrying", _("Will retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    PENDING = (Status.QUEUED, Status.DEFERRED, Status.RETRYING)

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_deliveries",
    )
    # "user:<id>", or "phone:<keyed hash>" for a caller who is not a registered person.
    recipient_key = models.CharField(max_length=80, editable=False)
    # Only for recipients who are not registered people (a hotline caller's phone).
    address = EncryptedTextField(_("address"), blank=True)
    address_masked = models.CharField(_("address"), max_length=80, blank=True)
    language = models.CharField(_("language"), max_length=8, default="zh-hans")
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    html = models.TextField(blank=True)
    # What a channel needs beyond the text: the push's link, WeChat's template fields.
    extra = models.JSONField(default=dict, blank=True)
    segments = models.PositiveSmallIntegerField(_("SMS segments"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    provider_message_id = models.CharField(_("provider's message id"), max_length=100, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient_key", "channel"], name="delivery_once_per_channel"
            ),
            models.CheckConstraint(
                condition=~Q(channel="inbox"), name="delivery_not_for_the_inbox"
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="delivery_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due",
                condition=Q(status__in=["queued", "deferred", "retrying"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.kind} → {self.address_masked or self.recipient_key} ({self.channel})"

    @property
    def audit_region_path(self) -> str:
        return self.event.region_path


class Attempt(models.Model):
    """One try at sending a delivery: its outcome as the provider reported it."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        TEMPORARY = "temporary", _("Temporary failure")
        PERMANENT = "permanent", _("Permanent failure")

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="log"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome)
    provider_message_id = models.CharField(_("provider's message id"), max_length=100, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.outcome}"


class OutboxMessage(models.Model):
    """A text message kept by the outbox SMS backend instead of being sent (demo, offline)."""

    delivery = models.ForeignKey(
        Delivery,
        verbose_name=_("delivery"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outbox",
    )
    phone = EncryptedTextField(_("mobile phone"))
    phone_masked = models.CharField(_("mobile phone"), max_length=16)
    text = models.TextField(_("text"))
    segments = models.PositiveSmallIntegerField(_("SMS segments"))
    region_path = models.CharField(_("region"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("outbox text message")
        verbose_name_plural = _("outbox text messages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.phone_masked}: {self.text[:30]}"


class Preference(models.Model):
    """How a person wants to be told; without a row, every channel they can receive is on."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_enabled = models.BooleanField(_("by e-mail"), default=True)
    sms_enabled = models.BooleanField(_("by text message"), default=True)
    push_enabled = models.BooleanField(_("as browser notifications"), default=True)
    wechat_enabled = models.BooleanField(_("by WeChat"), default=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    wechat_openid = models.CharField(
        _("WeChat openid"),
        max_length=64,
        blank=True,
        help_text=_("Set when the person subscribes through the mini program."),
    )
    language = models.CharField(
        _("language of notifications"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the person's preferred language."),
    )
    quiet_start = models.TimeField(_("no text messages from"), default=dt.time(21, 0))
    quiet_end = models.TimeField(_("until"), default=dt.time(8, 0))
    share_with_family = models.BooleanField(
        _("my family also receives my notifications"),
        default=False,
        help_text=_("Verified family members get a copy of what the platform tells you."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.person)

    def enabled(self, channel: str) -> bool:
        if channel == Channel.INBOX:
            return True
        return bool(getattr(self, f"{channel}_enabled", False))


class PushSubscription(models.Model):
    """A browser's Web Push subscription (its endpoint and keys), for one person."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
    )
    endpoint = models.URLField(_("endpoint"), max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("subscribed at"), default=timezone.now)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.person} · {self.user_agent[:40]}"

    def info(self) -> dict[str, object]:
        """The subscription as the browser gave it (what pywebpush takes)."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class SurveyAnswer(models.Model):
    """A caller's answer to the online survey linked from the reply text message."""

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
        DISSATISFIED = "dissatisfied", _("Dissatisfied")

    case_number = models.CharField(_("case number"), max_length=64, unique=True)
    resolved = models.BooleanField(_("resolved, says the caller"))
    satisfaction = models.CharField(_("satisfaction"), max_length=24, choices=Satisfaction)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    region_path = models.CharField(_("region"), max_length=64, blank=True, db_index=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["-answered_at"]

    def __str__(self) -> str:
        return f"{self.case_number}: {self.satisfaction}"
