"""The link from a hotline case to the Time Bank service request made for it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ONE_LINK_PER_CASE = "carelink_one_link_per_case"
ONE_CASE_PER_ORDER = "carelink_one_case_per_order"


class CareLink(models.Model):
    """A case turned into a service request, with the elder's consent; answered on settlement."""

    class ConsentGivenBy(models.TextChoices):
        ELDER = "elder", _("The elder")
        RELATIVE = "relative", _("A relative or guardian of the elder")

    class ConsentMethod(models.TextChoices):
        PHONE = "phone", _("On the telephone")
        IN_PERSON = "in_person", _("In person")
        WRITTEN = "written", _("In writing")

    case = models.ForeignKey(
        "hotline.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.ForeignKey(
        "timebank.ServiceOrder",
        verbose_name=_("service request"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    elder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("elder"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    consent_given_by = models.CharField(
        _("consent given by"), max_length=16, choices=ConsentGivenBy
    )
    consent_method = models.CharField(_("consent given"), max_length=16, choices=ConsentMethod)
    consent_note = models.TextField(_("consent note"), blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)
    # Set once the settled service has been reported on the case (or found it already answered).
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)

    class Meta:
        verbose_name = _("care need link")
        verbose_name_plural = _("care need links")
        constraints = [
            models.UniqueConstraint(fields=["case"], name=ONE_LINK_PER_CASE),
            models.UniqueConstraint(fields=["order"], name=ONE_CASE_PER_ORDER),
            models.CheckConstraint(
                condition=models.Q(consent_given_by__in=["elder", "relative"])
                & models.Q(consent_method__in=["phone", "in_person", "written"]),
                name="carelink_consent_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.order_id}"
