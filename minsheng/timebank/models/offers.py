"""Where help can come from: points on the map, volunteers' standing offers, invitations.

Distances are straight-line (great-circle) distances between points geocoded once: the elder's
home point (set by the station, or from the elder's phone) and the point a volunteer starts from
(in their offer). To find the volunteers near a request quickly without PostGIS, every point
carries its cell of a fixed grid (0.01° of latitude by 0.01° of longitude, about 1.1 km by
0.85 km in Beijing); offers are indexed by their reach in whole kilometres and their cell (one
btree), see ``timebank.matching``.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Ceil
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng.regions.models import Region
from minsheng.timebank.models.catalogue import ServiceCategory
from minsheng.timebank.models.orders import ServiceOrder

CELL_DEGREES = 0.01
# The longest distance a volunteer may offer to travel; it bounds the search around a request.
MAX_TRAVEL_METRES = 20_000


def cell_of(latitude: float, longitude: float) -> tuple[int, int]:
    """The grid cell (row, column) holding a point."""
    return math.floor(latitude / CELL_DEGREES), math.floor(longitude / CELL_DEGREES)


class GeoPoint(models.Model):
    """A point with its grid cell (abstract: the columns shared by home points and offers)."""

    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    cell_row = models.IntegerField(editable=False)
    cell_col = models.IntegerField(editable=False)

    class Meta:
        abstract = True

    def place_at(self, latitude: float, longitude: float) -> None:
        self.latitude, self.longitude = latitude, longitude
        self.cell_row, self.cell_col = cell_of(latitude, longitude)


def _point_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(
                latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
            ),
            name=f"{prefix}_point_on_earth",
        ),
        # The cell is derived from the point; the database keeps them together.
        models.CheckConstraint(
            condition=Q(
                cell_row=models.Func(
                    models.F("latitude") / CELL_DEGREES,
                    function="FLOOR",
                    output_field=models.IntegerField(),
                ),
                cell_col=models.Func(
                    models.F("longitude") / CELL_DEGREES,
                    function="FLOOR",
                    output_field=models.IntegerField(),
                ),
            ),
            name=f"{prefix}_cell_matches_point",
        ),
    ]


class HomePoint(GeoPoint):
    """Where a person lives, as a point: geocoded once from the address, then reused."""

    class Source(models.TextChoices):
        STATION = "station", _("Placed by the station")
        PHONE = "phone", _("The person's phone position")

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="timebank_home_point",
    )
    source = models.CharField(_("source"), max_length=16, choices=Source)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("home point")
        verbose_name_plural = _("home points")
        constraints = _point_constraints("home")

    def __str__(self) -> str:
        return f"{self.latitude:.5f}, {self.longitude:.5f}"

    @property
    def audit_region_path(self) -> str:
        return str(self.person.audit_region_path)


class VolunteerOffer(GeoPoint):
    """What a volunteer offers: kinds of help, areas, weekly times, how far they will travel.

    ``availability`` is a list of ``[weekday, start minute, end minute]`` in Beijing time
    (weekday 0 is Monday), e.g. ``[[0, 540, 720]]`` for Monday 9:00 to 12:00.
    """

    volunteer = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="timebank_offer",
    )
    categories = models.ManyToManyField(
        ServiceCategory, verbose_name=_("kinds of help offered"), related_name="+"
    )
    areas = models.ManyToManyField(
        Region,
        verbose_name=_("areas served"),
        related_name="+",
        blank=True,
        help_text=_("Sub-districts or communities; requests there are proposed at any distance."),
    )
    availability = models.JSONField(_("weekly availability"), default=list, blank=True)
    # The categories' keys again, so that matching reads them from its index (``save_offer``
    # writes both; the many-to-many stays the record shown on pages).
    category_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    max_distance_m = models.PositiveIntegerField(_("distance willing to travel (metres)"))
    # The distance rounded up to whole kilometres: offers of one reach are searched together.
    reach_km = models.PositiveSmallIntegerField(editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    active = models.BooleanField(_("open to requests"), default=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("volunteer offer")
        verbose_name_plural = _("volunteer offers")
        ordering = ["-updated_at"]
        indexes = [
            # What matching reads of the offers in a box, without visiting the table.
            models.Index(
                fields=["reach_km", "cell_row", "cell_col"],
                name="offer_reach_cell",
                condition=Q(active=True),
                include=[
                    "volunteer_id",
                    "latitude",
                    "longitude",
                    "max_distance_m",
                    "category_ids",
                    "availability",
                ],
            ),
        ]
        constraints = [
            *_point_constraints("offer"),
            models.CheckConstraint(
                condition=Q(
                    reach_km=Ceil(
                        models.ExpressionWrapper(
                            models.F("max_distance_m") / 1000.0, output_field=models.FloatField()
                        )
                    )
                ),
                name="offer_reach_matches_distance",
            ),
            models.CheckConstraint(
                condition=Q(max_distance_m__gte=100, max_distance_m__lte=MAX_TRAVEL_METRES),
                name="offer_distance_bounded",
            ),
        ]

    def __str__(self) -> str:
        return str(self.volunteer)

    def reach(self, metres: int) -> None:
        self.max_distance_m = metres
        self.reach_km = math.ceil(metres / 1000)

    @property
    def audit_region_path(self) -> str:
        return str(self.volunteer.audit_region_path)


class Invitation(models.Model):
    """A volunteer asked to take a request: by the station from the matches, or by the elder side."""

    order = models.ForeignKey(
        ServiceOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="invitations"
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="timebank_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    distance_m = models.PositiveIntegerField(_("distance (metres)"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["volunteer", "at"], name="invitation_volunteer_at")]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "volunteer"], name="invitation_once_per_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order.reference} → {self.volunteer}"

    @property
    def audit_region_path(self) -> str:
        return self.order.audit_region_path
