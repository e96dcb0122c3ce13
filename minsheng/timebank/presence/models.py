"""Door cards, registered phones and the presence checks made with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng.timebank.models import ServiceOrder


class DoorCard(models.Model):
    """The QR code printed for an elder's door or card. Its token is a random code signed by the
    platform: it names no one, and a new card retires the old one (rotation)."""

    elder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="door_cards",
    )
    code = models.CharField(_("code"), max_length=32, unique=True, editable=False)
    latitude = models.FloatField(_("latitude of the door"), null=True, blank=True)
    longitude = models.FloatField(_("longitude of the door"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("door card")
        verbose_name_plural = _("door cards")
        constraints = [
            models.UniqueConstraint(
                fields=["elder"],
                condition=Q(retired_at__isnull=True),
                name="door_card_one_active_per_elder",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__range=(-90, 90), longitude__range=(-180, 180)),
                name="door_card_position_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.code[:6])

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Device(models.Model):
    """A volunteer's phone, known by the public half of a key pair it made itself. Signs made
    offline are signed with the private half, which never leaves the phone."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="field_devices",
    )
    key_id = models.CharField(_("key"), max_length=64, unique=True, editable=False)
    public_key = models.TextField(_("public key"), editable=False)
    label = models.CharField(_("device"), max_length=200, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer's phone")
        verbose_name_plural = _("volunteers' phones")

    def __str__(self) -> str:
        return self.key_id[:12]


class PresenceCheck(models.Model):
    """One sign-in or sign-out at the door, with how it was verified."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("sign in")
        SIGN_OUT = "sign_out", _("sign out")

    class Status(models.TextChoices):
        VERIFIED = "verified", _("verified on the spot")
        FLAGGED = "flagged", _("waiting for the station")
        CONFIRMED = "confirmed", _("confirmed by the station")
        REJECTED = "rejected", _("rejected by the station")

    class Method(models.TextChoices):
        QR = "qr", _("door QR code")
        GEOFENCE = "geofence", _("phone's position")
        STATION = "station", _("station")
        PHONE_CODE = "phone_code", _("code spoken by the elder")

    order = models.ForeignKey(
        ServiceOrder,
        verbose_name=_("service order"),
        on_delete=models.PROTECT,
        related_name="presence_checks",
    )
    kind = models.CharField(_("what"), max_length=10, choices=Kind)
    status = models.CharField(_("status"), max_length=10, choices=Status)
    # How the visit was verified: set when verified or confirmed, empty while waiting or rejected.
    method = models.CharField(_("verified by"), max_length=12, choices=Method, blank=True)
    flags = models.JSONField(_("why flagged"), default=list, blank=True)
    at = models.DateTimeField(_("time"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    offline = models.BooleanField(_("made offline"), default=False)
    device = models.ForeignKey(
        Device, verbose_name=_("device"), null=True, blank=True, on_delete=models.PROTECT
    )
    # The phone's own id of a queued sign: the same sign sent twice is accepted once.
    client_id = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    card = models.ForeignKey(
        DoorCard, verbose_name=_("door card"), null=True, blank=True, on_delete=models.PROTECT
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    accuracy_m = models.FloatField(_("accuracy (metres)"), null=True, blank=True)
    distance_m = models.FloatField(_("distance from the door (metres)"), null=True, blank=True)
    phone_code = models.CharField(_("code for the elder"), max_length=6, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("presence check")
        verbose_name_plural = _("presence checks")
        ordering = ["order_id", "at"]
        constraints = [
            models.UniqueConstraint(fields=["order", "kind"], name="presence_one_per_order_kind"),
            # A method exactly when the check counts (verified or confirmed).
            models.CheckConstraint(
                condition=Q(status__in=["verified", "confirmed"], method__gt="")
                | Q(status__in=["flagged", "rejected"], method=""),
                name="presence_method_when_counted",
            ),
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(method__in=["qr", "geofence"]),
                name="presence_verified_by_phone",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="presence_status_idx")]

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind}"

    @property
    def counts(self) -> bool:
        return self.status in (self.Status.VERIFIED, self.Status.CONFIRMED)
