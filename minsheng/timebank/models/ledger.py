"""The time-coin ledger: accounts, transactions and legs, in integer minutes.

PostgreSQL itself keeps the ledger honest (migrations ``0002_ledger_rules`` to
``0014_posting_by_the_database``):

* only the database function ``timebank_post`` (running as the owner) writes transactions and
  legs: two legs of one positive amount per movement (CHECK), for transactions it has just
  claimed; a transaction's legs balance, checked at commit by a deferred constraint trigger;
* legs and transactions are append-only (UPDATE and DELETE are refused);
* an account's cached ``balance`` and ``earned`` are moved only by ``timebank_post``, so they
  cannot drift from the legs; personal, hold and pool balances never go below zero and
  issuance balances never above it (CHECK)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minsheng.regions.models import Region

MINUTES_PER_COIN = 60


class Account(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Personal time account")
        HOLD = "hold", _("Held for booked services")
        ISSUANCE = "issuance", _("Issuance account")
        POOL = "pool", _("Public pool")

    kind = models.CharField(pgettext_lazy("timebank", "kind"), max_length=12, choices=Kind)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="timebank_accounts",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("issuer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The city or the district that issues coins from this account."),
    )
    # Both maintained by the database when a leg is inserted; never written by Python.
    balance = models.BigIntegerField(_("balance in minutes"), default=0, editable=False)
    earned = models.BigIntegerField(
        _("minutes earned by service, lifetime"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["person", "hold", "issuance", "pool"]),
                name="account_kind_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["person", "hold"], owner__isnull=False, region__isnull=True)
                    | Q(kind="issuance", owner__isnull=True, region__isnull=False)
                    | Q(kind="pool", owner__isnull=True, region__isnull=True)
                ),
                name="account_owner_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind="issuance", balance__lte=0)
                | (~Q(kind="issuance") & Q(balance__gte=0)),
                name="account_balance_sign",
            ),
            models.CheckConstraint(condition=Q(earned__gte=0), name="account_earned_not_negative"),
            models.UniqueConstraint(
                fields=["owner", "kind"],
                condition=Q(owner__isnull=False),
                name="account_one_per_owner_and_kind",
            ),
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(kind="issuance"),
                name="account_one_issuer_per_region",
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="pool"), name="account_one_pool"
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.ISSUANCE:
            return f"{self.get_kind_display()} · {self.region}"
        if self.owner_id:
            owner = self.owner
            return f"{self.get_kind_display()} · {getattr(owner, 'name', '') or owner}"
        return str(self.get_kind_display())

    @property
    def audit_region_path(self) -> str:
        if self.region is not None:
            return self.region.path
        return self.owner.audit_region_path if self.owner is not None else ""


class Transaction(models.Model):
    """One posting: legs that sum to zero, with its origin, its authoriser and its key."""

    class Kind(models.TextChoices):
        GRANT = "grant", pgettext_lazy("timebank", "Grant")
        HOLD = "hold", _("Hold for a booking")
        RELEASE = "release", _("Hold released")
        SERVICE_PAYMENT = "service_payment", _("Service payment")
        ACTIVITY_PAYMENT = "activity_payment", _("Group activity payment")
        GIFT = "gift", _("Gift")
        DONATION = "donation", _("Donation")
        ALLOCATION = "allocation", _("Pool allocation")
        STORAGE_OVERFLOW = "storage_overflow", _("Excess over the storage cap, to the pool")
        REVERSAL = "reversal", _("Reversal")

    kind = models.CharField(pgettext_lazy("timebank", "kind"), max_length=20, choices=Kind)
    # Unique by a constraint, not ``unique=True``: that would add a second index for LIKE
    # searches, which no one makes on keys, and every posting would maintain it.
    idempotency_key = models.CharField(_("idempotency key"), max_length=200)
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now, db_index=True)
    # Set by the database: when the row was written, and by which database transaction.
    recorded_at = models.DateTimeField(_("recorded at"), null=True, editable=False)
    created_txid = models.BigIntegerField(null=True, editable=False)
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("authorised by"),
        null=True,
        blank=True,
        db_index=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty for automatic postings (auto-confirmation)."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        db_index=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.ForeignKey(
        "timebank.ServiceOrder",
        verbose_name=_("service order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transactions",
    )
    grant = models.ForeignKey(
        "timebank.Grant",
        verbose_name=_("grant"),
        null=True,
        blank=True,
        db_index=False,
        on_delete=models.PROTECT,
        related_name="transactions",
    )
    transfer = models.ForeignKey(
        "timebank.Transfer",
        verbose_name=_("gift, donation or allocation"),
        null=True,
        blank=True,
        db_index=False,
        on_delete=models.PROTECT,
        related_name="transactions",
    )
    attendance = models.ForeignKey(
        "timebank.Attendance",
        verbose_name=_("group activity attendance"),
        null=True,
        blank=True,
        db_index=False,
        on_delete=models.PROTECT,
        related_name="transactions",
    )
    reverses = models.ForeignKey(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        db_index=False,
        on_delete=models.PROTECT,
        related_name="reversals",
    )

    class Meta:
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        ordering = ["-posted_at", "-id"]
        # Most postings leave these references empty: partial indexes skip the empty ones, so a
        # posting updates four indexes, not eleven.
        indexes = [
            models.Index(
                fields=[name],
                condition=Q(**{f"{name}__isnull": False}),
                name=f"transaction_{name}",
            )
            for name in ("authorised_by", "region", "grant", "transfer", "attendance", "reverses")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], name="timebank_transaction_idempotency_key_key"
            ),
            models.CheckConstraint(
                condition=Q(kind="reversal", reverses__isnull=False)
                | (~Q(kind="reversal") & Q(reverses__isnull=True)),
                name="transaction_reversal_names_original",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["hold", "release", "service_payment"])
                | Q(order__isnull=False),
                name="transaction_service_postings_name_order",
            ),
            models.CheckConstraint(
                condition=~Q(kind="grant") | Q(grant__isnull=False),
                name="transaction_grant_names_grant",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["gift", "donation", "allocation"])
                | Q(transfer__isnull=False),
                name="transaction_transfer_names_transfer",
            ),
            models.CheckConstraint(
                condition=~Q(kind="activity_payment") | Q(attendance__isnull=False),
                name="transaction_activity_names_attendance",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"

    @property
    def audit_region_path(self) -> str:
        return self.region.path if self.region is not None else ""


class Leg(models.Model):
    """One side of a transaction: ``amount`` minutes debited from or credited to an account."""

    class Side(models.TextChoices):
        DEBIT = "D", _("Out")
        CREDIT = "C", _("In")

    transaction = models.ForeignKey(
        Transaction, verbose_name=_("transaction"), on_delete=models.PROTECT, related_name="legs"
    )
    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="legs",
        db_index=False,  # leg_account_posted starts with it
    )
    side = models.CharField(_("direction"), max_length=1, choices=Side)
    amount = models.BigIntegerField(_("minutes"))
    # The transaction's, for statements and as-of balances: written by ``timebank_post``.
    posted_at = models.DateTimeField(_("posted at"), null=True, editable=False)

    class Meta:
        verbose_name = _("ledger leg")
        verbose_name_plural = _("ledger legs")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["account", "posted_at"], name="leg_account_posted"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="leg_amount_positive"),
            models.CheckConstraint(condition=Q(side__in=["D", "C"]), name="leg_side_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.amount} · {self.account}"

    @property
    def signed_amount(self) -> int:
        return self.amount if self.side == self.Side.CREDIT else -self.amount
