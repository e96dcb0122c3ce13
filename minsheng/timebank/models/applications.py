"""A resident's application to volunteer at a station, reviewed by the station's staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng.timebank.models.catalogue import ServiceCategory
from minsheng.timebank.models.participants import Station, VolunteerProfile

MAX_AVAILABILITY = 500


class VolunteerApplication(models.Model):
    """Made by the resident from ``/join/``; approving it registers the volunteer through the
    station's usual registration, so the same age and ID rules hold."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the station")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="volunteer_applications",
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        related_name="volunteer_applications",
    )
    skills = models.ManyToManyField(
        ServiceCategory, verbose_name=_("can help with"), blank=True, related_name="+"
    )
    availability = models.TextField(_("when I can help"), max_length=MAX_AVAILABILITY)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.PENDING, db_index=True
    )
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    volunteer = models.ForeignKey(
        VolunteerProfile,
        verbose_name=_("volunteer registration"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("volunteer application")
        verbose_name_plural = _("volunteer applications")
        ordering = ["-applied_at"]
        constraints = [
            # One open application per person: a second waits until the first is decided.
            models.UniqueConstraint(
                fields=["applicant"],
                condition=Q(status="pending"),
                name="volunteer_application_one_open",
            ),
            models.CheckConstraint(
                condition=~Q(availability=""), name="volunteer_application_availability"
            ),
            # A decision names who made it and when; a refusal says why; an approval points
            # to the registration it made.
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True, decided_by__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False, decided_by__isnull=False)),
                name="volunteer_application_decided",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(reason=""),
                name="volunteer_application_decline_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(volunteer__isnull=False),
                name="volunteer_application_approved_volunteer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.station}"

    @property
    def audit_region_path(self) -> str:
        return self.station.region.path
