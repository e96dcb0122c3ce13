"""Who takes part: stations, volunteers (with training records), elders (with care needs)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng.people.models import Organisation
from minsheng.regions.models import Region
from minsheng.timebank.models.catalogue import ServiceCategory


class StationQuerySet(models.QuerySet["Station"]):
    def approved(self) -> StationQuerySet:
        return self.filter(status=Station.Status.APPROVED)

    def serving(self, region: Region) -> StationQuerySet:
        """Approved stations of the sub-district containing ``region``."""
        codes = region.ancestor_codes
        if len(codes) < 3:
            return self.none()
        return self.approved().filter(region__code=codes[2])


class Station(models.Model):
    """A sub-district or township service station (or a confirmed institution) in the Time Bank.

    The organisation lives in ``people``; the district approves it for the Time Bank.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the district's approval")
        APPROVED = "approved", _("Approved")
        SUSPENDED = "suspended", _("Suspended")

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="timebank_station",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("sub-district or township"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.PENDING, db_index=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    # The station's public number, for the join page's call button (not a person's phone).
    phone = models.CharField(_("telephone"), max_length=20, blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = StationQuerySet.as_manager()

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["region__path", "organisation__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_by__isnull=False),
                name="station_decided_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.display_name

    @property
    def audit_region_path(self) -> str:
        return self.region.path


class VolunteerProfile(models.Model):
    """A person registered by a station as a Time Bank volunteer."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered, training to come")
        ACTIVE = "active", _("Trained and active")
        SUSPENDED = "suspended", _("Suspended")

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="volunteer_profile",
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("registered at"),
        on_delete=models.PROTECT,
        related_name="volunteers",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.REGISTERED, db_index=True
    )
    guardian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("guardian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Required for volunteers under 18: a verified guardian relation."),
    )
    skills = models.ManyToManyField(
        ServiceCategory, verbose_name=_("can help with"), blank=True, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("volunteer registration")
        verbose_name_plural = _("volunteer registrations")
        ordering = ["-registered_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(guardian=models.F("person")), name="volunteer_not_own_guardian"
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def audit_region_path(self) -> str:
        return self.station.region.path


class TrainingRecord(models.Model):
    """A training an operator saw the volunteer complete (required before the first booking)."""

    volunteer = models.ForeignKey(
        VolunteerProfile,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    title = models.CharField(_("training"), max_length=120)
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-completed_on"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.completed_on})"

    @property
    def audit_region_path(self) -> str:
        return self.volunteer.audit_region_path


class ElderProfile(models.Model):
    """An older person registered by a station: circumstances that grant rules look at."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="elder_profile",
    )
    station = models.ForeignKey(
        Station, verbose_name=_("registered at"), on_delete=models.PROTECT, related_name="elders"
    )
    lives_alone = models.BooleanField(_("lives alone"), default=False)
    disabled = models.BooleanField(_("has a disability"), default=False)
    low_income = models.BooleanField(_("low income (minimum living allowance)"), default=False)
    uses_smartphone = models.BooleanField(
        _("uses a smartphone"),
        default=False,
        help_text=_("If not, the station acts for this person (every such action is recorded)."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("elder registration")
        verbose_name_plural = _("elder registrations")
        ordering = ["-registered_at"]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def audit_region_path(self) -> str:
        return self.station.region.path


class CareNeed(models.Model):
    """A care need a station registered: what redemption of stored coins requires."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="care_needs",
    )
    categories = models.ManyToManyField(
        ServiceCategory, verbose_name=_("kinds of help needed"), related_name="+"
    )
    description = models.TextField(_("description"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("care need")
        verbose_name_plural = _("care needs")
        ordering = ["-registered_at"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_current(self) -> bool:
        return self.ended_at is None

    @property
    def audit_region_path(self) -> str:
        return self.person.audit_region_path


class Milestone(models.Model):
    """A star level or the care-home milestone, reached once (kept even if later reversed)."""

    class Kind(models.TextChoices):
        STAR_1 = "star_1", _("One star")
        STAR_2 = "star_2", _("Two stars")
        STAR_3 = "star_3", _("Three stars")
        STAR_4 = "star_4", _("Four stars")
        STAR_5 = "star_5", _("Five stars")
        CARE_HOME = "care_home", _("Eligible for a public care home place")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="timebank_milestones",
    )
    kind = models.CharField(_("milestone"), max_length=16, choices=Kind)
    reached_at = models.DateTimeField(_("reached at"), default=timezone.now)
    earned_minutes = models.BigIntegerField(_("lifetime minutes at the time"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["-reached_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="milestone_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()}"

    @property
    def audit_region_path(self) -> str:
        return self.person.audit_region_path
