"""The audit log: an append-only record of who did what to which object, when and from where."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
        )


class AuditEntry(models.Model):
    """One change or sensitive read. Rows are never updated or deleted (a database trigger)."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The person an operator acted for (proxy actions)."),
    )
    channel = models.CharField(_("channel"), max_length=16, default="system")
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), null=True, blank=True, on_delete=models.PROTECT
    )
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    # Region path of the object, so that district and station staff see their own subtree.
    region_path = models.CharField(_("region"), max_length=64, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    @property
    def action_label(self) -> str:
        """What was done, in words of the current language (not the action's code)."""
        from minsheng.audit.labels import label

        return label(self.action)


# --- The hash chains (docs/architecture.md, "A tamper-evident ledger and audit log") -----------
# Written only by the database's own functions at commit (migration 0002_hash_chain); the
# application's role may read them.


class ChainHead(models.Model):
    """The last link of one chain: its position and hash. Locked by each commit that extends it."""

    chain = models.CharField(_("chain"), max_length=16, primary_key=True)
    seq = models.BigIntegerField(_("position"))
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("chain head")
        verbose_name_plural = _("chain heads")

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq} {self.hash[:12]}"


class ChainLink(models.Model):
    """Row ``row_id`` of the chain's table is at position ``seq``: ``hash`` is the SHA-256 of the
    chain's name, the position, the previous hash and the row's canonical serialisation."""

    chain = models.CharField(_("chain"), max_length=16)
    seq = models.BigIntegerField(_("position"))
    row_id = models.BigIntegerField(_("row"))
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)
    linked_at = models.DateTimeField(_("linked at"))

    class Meta:
        verbose_name = _("chain link")
        verbose_name_plural = _("chain links")
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="chainlink_one_per_position"),
            models.UniqueConstraint(fields=["chain", "row_id"], name="chainlink_one_per_row"),
        ]

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq} {self.hash[:12]}"


class Checkpoint(models.Model):
    """A chain's head at a moment: what gets published, so that a rewritten chain shows."""

    chain = models.CharField(_("chain"), max_length=16)
    seq = models.BigIntegerField(_("position"))
    hash = models.CharField(_("hash"), max_length=64)
    taken_at = models.DateTimeField(_("taken at"))

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="checkpoint_one_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq} {self.hash[:12]}"
