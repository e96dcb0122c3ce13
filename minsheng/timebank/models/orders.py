"""Service orders and their history: the standard procedure, one event per move."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minsheng.regions.models import Region
from minsheng.timebank.models.catalogue import ServiceCategory, ServiceItem
from minsheng.timebank.models.participants import Station


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class OrderState(models.TextChoices):
    POSTED = "posted", _("Waiting for review")
    APPROVED = "approved", _("Open for volunteers")
    REJECTED = "rejected", _("Rejected")
    BOOKED = "booked", _("Booked")
    SIGNED_IN = "signed_in", _("Volunteer signed in")
    SIGNED_OUT = "signed_out", _("Waiting for confirmation")
    DISPUTED = "disputed", _("Duration disputed")
    SETTLED = "settled", _("Confirmed and paid")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("Volunteer did not come")


# States in which the volunteer is committed to the time slot (no overlapping booking).
COMMITTED_STATES = (OrderState.BOOKED, OrderState.SIGNED_IN)
# States in which the payer's coins are on hold.
HOLDING_STATES = (
    OrderState.BOOKED,
    OrderState.SIGNED_IN,
    OrderState.SIGNED_OUT,
    OrderState.DISPUTED,
)
FINAL_STATES = (OrderState.REJECTED, OrderState.SETTLED, OrderState.CANCELLED, OrderState.NO_SHOW)


class ServiceOrderQuerySet(models.QuerySet["ServiceOrder"]):
    def open_for_booking(self) -> ServiceOrderQuerySet:
        return self.filter(state=OrderState.APPROVED, starts_at__gt=timezone.now())

    def nearest_first(self, region: Region | None) -> ServiceOrderQuerySet:
        """Same community first, then sub-district, then district, then the rest of the city."""
        if region is None:
            return self.order_by("starts_at", "pk")
        codes = region.ancestor_codes
        closeness = models.Case(
            *(
                models.When(region__path__startswith=".".join(codes[: depth + 1]) + ".", then=depth)
                for depth in range(len(codes) - 1, 0, -1)
            ),
            default=0,
            output_field=models.IntegerField(),
        )
        return self.annotate(closeness=closeness).order_by("-closeness", "starts_at", "pk")


class ServiceOrder(models.Model):
    """A request for service, from posting to settlement."""

    State = OrderState

    beneficiary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for"),
        on_delete=models.PROTECT,
        related_name="timebank_orders_received",
    )
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paid from the account of"),
        on_delete=models.PROTECT,
        related_name="timebank_orders_paid",
        help_text=_("The person themself, or their verified spouse redeeming stored coins."),
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="timebank_orders_served",
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="orders"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("where"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The community (or sub-district) where the service takes place."),
    )
    item = models.ForeignKey(
        ServiceItem, verbose_name=_("service"), on_delete=models.PROTECT, related_name="orders"
    )
    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("what is needed"), blank=True)
    address = models.CharField(_("meeting place"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    duration_minutes = models.PositiveIntegerField(_("booked minutes"))
    state = models.CharField(
        _("state"), max_length=16, choices=OrderState, default=OrderState.POSTED, db_index=True
    )
    held_minutes = models.PositiveIntegerField(_("minutes on hold"), default=0)
    signed_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    signed_out_at = models.DateTimeField(_("signed out at"), null=True, blank=True)
    signed_minutes = models.PositiveIntegerField(_("signed minutes"), null=True, blank=True)
    credited_minutes = models.PositiveIntegerField(_("paid minutes"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now, db_index=True)
    booked_at = models.DateTimeField(_("booked at"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("timebank", "closed at"), null=True, blank=True)

    objects = ServiceOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("service order")
        verbose_name_plural = _("service orders")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "starts_at"], name="order_state_start"),
            models.Index(fields=["volunteer", "state"], name="order_volunteer_state"),
            models.Index(fields=["beneficiary", "state"], name="order_beneficiary_state"),
            models.Index(fields=["payer", "state"], name="order_payer_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="order_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="order_duration_positive"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="order_rating_one_to_five",
            ),
            models.CheckConstraint(
                condition=Q(volunteer__isnull=True)
                | (~Q(volunteer=F("beneficiary")) & ~Q(volunteer=F("payer"))),
                name="order_volunteer_not_paid_by_self",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["posted", "approved", "rejected", "cancelled"])
                | Q(volunteer__isnull=False),
                name="order_booked_has_volunteer",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in HOLDING_STATES]) | Q(held_minutes=0),
                name="order_hold_only_while_open",
            ),
            ExclusionConstraint(
                name="order_volunteer_no_overlap",
                expressions=[
                    ("volunteer", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                ],
                condition=Q(state__in=[s.value for s in COMMITTED_STATES]),
            ),
            # The same request posted twice (a double click, two relatives, the station and the
            # family) is refused while the first one is still open.
            models.UniqueConstraint(
                fields=["beneficiary", "item", "starts_at"],
                condition=~Q(state__in=[s.value for s in FINAL_STATES]),
                name="order_one_open_request_per_slot",
                violation_error_message=_(
                    "This person already has an open request for this service at this time."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.item}"

    @property
    def reference(self) -> str:
        return f"TB{self.pk:07d}" if self.pk else "TB-new"

    @property
    def audit_region_path(self) -> str:
        return self.region.path

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    @property
    def is_proxy_elder(self) -> bool:
        """True when the beneficiary does not log in: the station acts for them."""
        return not self.beneficiary.can_log_in


class OrderEvent(models.Model):
    """One move of an order: who, when, through which channel, for whom. Append-only."""

    class Kind(models.TextChoices):
        POSTED = "posted", _("Posted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        BOOKED = "booked", _("Booked by the volunteer")
        ASSIGNED = "assigned", _("Volunteer assigned by the station")
        UNBOOKED = "unbooked", _("Volunteer withdrew")
        SIGNED_IN = "signed_in", _("Signed in")
        SIGNED_OUT = "signed_out", _("Signed out")
        CONFIRMED = "confirmed", _("Confirmed")
        AUTO_CONFIRMED = "auto_confirmed", _("Confirmed automatically")
        DISPUTED = "disputed", _("Duration disputed")
        DISPUTE_DECIDED = "dispute_decided", _("Dispute decided")
        SETTLED = "settled", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("Volunteer did not come")
        REVERSED = "reversed", _("Payment reversed")

    order = models.ForeignKey(
        ServiceOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(pgettext_lazy("timebank", "event"), max_length=20, choices=Kind)
    from_state = models.CharField(_("from"), max_length=16, choices=OrderState, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=OrderState)
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acting for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(pgettext_lazy("timebank", "channel"), max_length=16, default="web")
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["order", "at"], name="order_event_order_at")]

    def __str__(self) -> str:
        return f"{self.order.reference} {self.get_kind_display()}"


class Dispute(models.Model):
    """A disagreement about the duration, decided by the station."""

    order = models.OneToOneField(
        ServiceOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="dispute"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    reason = models.TextField(_("reason"))
    proposed_minutes = models.PositiveIntegerField(_("minutes the person thinks right"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_minutes = models.PositiveIntegerField(_("minutes decided"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True, decided_minutes__isnull=True)
                | Q(
                    decided_at__isnull=False,
                    decided_minutes__isnull=False,
                    decided_by__isnull=False,
                ),
                name="dispute_decision_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order.reference}: {self.reason[:40]}"

    @property
    def audit_region_path(self) -> str:
        return self.order.audit_region_path
