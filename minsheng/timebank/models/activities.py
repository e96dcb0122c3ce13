"""Group activities: one event, many volunteers, each paid for attendance the operator confirms."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minsheng.regions.models import Region
from minsheng.timebank.models.catalogue import ServiceItem
from minsheng.timebank.models.participants import Station


class GroupActivity(models.Model):
    """Paid from the organising district's grant budget, not from an elder's account."""

    class State(models.TextChoices):
        OPEN = "open", _("Open for sign-up")
        CLOSED = "closed", _("Attendance closed")

    title = models.CharField(_("title"), max_length=120)
    district = models.ForeignKey(
        Region,
        verbose_name=_("organising district"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="activities"
    )
    item = models.ForeignKey(
        ServiceItem, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("volunteers wanted"), default=10)
    state = models.CharField(_("state"), max_length=8, choices=State, default=State.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("group activity")
        verbose_name_plural = _("group activities")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="activity_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def planned_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def audit_region_path(self) -> str:
        return self.station.region.path


class Attendance(models.Model):
    """A volunteer at an activity; paid once the operator confirms the minutes."""

    activity = models.ForeignKey(
        GroupActivity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="timebank_attendances",
    )
    signed_up_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    minutes = models.PositiveIntegerField(_("confirmed minutes"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("timebank", "confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["activity", "signed_up_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "volunteer"], name="attendance_once_per_activity"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True, minutes__isnull=True)
                | Q(confirmed_at__isnull=False, minutes__isnull=False, confirmed_by__isnull=False),
                name="attendance_confirmation_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.volunteer}"

    @property
    def audit_region_path(self) -> str:
        return self.activity.audit_region_path
