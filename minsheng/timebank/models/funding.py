"""Where coins come from and where they go besides services: grants, gifts, donations, pool."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minsheng.core.i18n import BilingualNameMixin
from minsheng.regions.models import Region


class GrantRule(BilingualNameMixin, models.Model):
    """An eligibility rule for grants: a person qualifies when every stated condition holds.

    Several rules make alternatives (80 and over; or 60 and over living alone; ...).
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=160)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=80)
    requires_lives_alone = models.BooleanField(_("must live alone"), default=False)
    requires_disability = models.BooleanField(_("must have a disability"), default=False)
    requires_low_income = models.BooleanField(_("must have a low income"), default=False)
    default_minutes = models.PositiveIntegerField(_("usual grant in minutes"), default=600)
    is_active = models.BooleanField(_("in force"), default=True)

    class Meta:
        verbose_name = _("grant rule")
        verbose_name_plural = _("grant rules")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_minutes__gt=0), name="grant_rule_minutes_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def audit_region_path(self) -> str:
        return ""


class GrantBudget(models.Model):
    """How many minutes an issuer (the city or a district) may grant in a calendar year.

    Group activities of a district are paid from the same budget.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    minutes = models.BigIntegerField(_("budget in minutes"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("grant budget")
        verbose_name_plural = _("grant budgets")
        ordering = ["-year", "region__path"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="grant_budget_once_a_year"),
            models.CheckConstraint(condition=Q(minutes__gte=0), name="grant_budget_not_negative"),
            models.CheckConstraint(condition=Q(year__gte=2000), name="grant_budget_year_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"

    @property
    def audit_region_path(self) -> str:
        return self.region.path


class Grant(models.Model):
    """Coins issued by the city or a district to an eligible elder, once an administrator approves."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for approval")
        APPROVED = "approved", _("Approved and credited")
        REJECTED = "rejected", _("Rejected")

    issuer = models.ForeignKey(
        Region, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="timebank_grants",
    )
    rule = models.ForeignKey(
        GrantRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="grants"
    )
    minutes = models.PositiveIntegerField(_("minutes"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State, default=State.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="grant_minutes_positive"),
            models.CheckConstraint(
                condition=Q(state="proposed")
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="grant_decided_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.minutes} · {self.issuer}"

    @property
    def audit_region_path(self) -> str:
        return self.issuer.path


class Transfer(models.Model):
    """A gift to a verified direct relative, a donation to the pool, or a pool allocation."""

    class Kind(models.TextChoices):
        GIFT = "gift", _("Gift to a relative")
        DONATION = "donation", _("Donation to the public pool")
        ALLOCATION = "allocation", _("Allocation from the public pool")

    kind = models.CharField(
        pgettext_lazy("timebank", "kind"), max_length=12, choices=Kind, db_index=True
    )
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("timebank transfer", "from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="timebank_transfers_given",
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("timebank transfer", "to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="timebank_transfers_received",
    )
    minutes = models.PositiveIntegerField(_("minutes"))
    relation = models.CharField(_("relation"), max_length=16, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    client_key = models.CharField(_("idempotency key"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="transfer_minutes_positive"),
            models.CheckConstraint(
                condition=Q(kind="gift", giver__isnull=False, receiver__isnull=False)
                | Q(kind="donation", giver__isnull=False, receiver__isnull=True)
                | Q(kind="allocation", giver__isnull=True, receiver__isnull=False),
                name="transfer_parties_match_kind",
            ),
            models.CheckConstraint(
                condition=Q(giver__isnull=True) | ~Q(giver=models.F("receiver")),
                name="transfer_not_to_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.minutes}"

    @property
    def audit_region_path(self) -> str:
        return self.region.path if self.region is not None else ""
