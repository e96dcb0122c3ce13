"""Urging (催办) and supervision (督办) of each case against its deadlines.

Each open case carries a signal: **green** while on track, **amber** once less than
``HOTLINE_AMBER_SHARE`` (a quarter) of the time allowed for the next step is left, **red** when
overdue. A case waiting for the caller is green: its clock stands still.

The periodic job ``hotline.urge_cases`` urges the lead unit once when its case turns amber, and
its head once when it turns red (each at most once per case and unit). The dispatcher and the
district's administrators urge a case, or issue a supervision order, by hand, with a reason.
Every urging is an :class:`Urging` row (append-only, counted in the unit's record on the
rankings page and the district's supervision board), a case event and an audit row.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import DurationField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minsheng import access
from minsheng.audit.actions import record
from minsheng.hotline import conf
from minsheng.hotline.models import WITH_UNIT, Case, CaseEvent, CaseQuerySet, Status
from minsheng.jobs import schedule
from minsheng.people.models import Organisation, User

EventKind = CaseEvent.Kind
# The statuses in which a unit works against a deadline (handled cases wait for the call-back).
WORKING = (Status.DISPATCHED, Status.ACCEPTED, Status.RESPONDED)


class Signal(models.TextChoices):
    GREEN = "green", gettext_lazy("On track")
    AMBER = "amber", gettext_lazy("Deadline near")
    RED = "red", gettext_lazy("Overdue")


class Urging(models.Model):
    """One urging of a case's lead unit. Append-only (a PostgreSQL trigger refuses changes)."""

    class Kind(models.TextChoices):
        AMBER = "amber", gettext_lazy("Automatic: the deadline is near (to the lead unit)")
        RED = "red", gettext_lazy("Automatic: overdue (to the head of the lead unit)")
        URGING = "urging", gettext_lazy("Urging")
        SUPERVISION = "supervision", gettext_lazy("Supervision order")

    case = models.ForeignKey(
        Case, verbose_name=gettext_lazy("case"), on_delete=models.PROTECT, related_name="urgings"
    )
    unit = models.ForeignKey(
        Organisation,
        verbose_name=gettext_lazy("urged unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(gettext_lazy("kind"), max_length=12, choices=Kind)
    reason = models.TextField(gettext_lazy("reason"), blank=True)
    by = models.ForeignKey(
        User,
        verbose_name=gettext_lazy("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(gettext_lazy("time"))
    # The case's place, so that district boards find their urgings by prefix.
    region_path = models.CharField(max_length=64, blank=True)

    class Meta:
        app_label = "hotline"
        verbose_name = gettext_lazy("urging")
        verbose_name_plural = gettext_lazy("urgings")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["unit", "at"], name="urging_unit_at"),
            models.Index(fields=["case"], name="urging_case"),
            models.Index(
                fields=["region_path"], name="urging_region", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=("amber", "red", "urging", "supervision")),
                name="urging_kind_valid",
            ),
            # The automatic urgings come once per case and unit.
            models.UniqueConstraint(
                fields=["case", "unit", "kind"],
                condition=Q(kind__in=("amber", "red")),
                name="urging_automatic_once",
            ),
            # A person who urges says why.
            models.CheckConstraint(
                condition=Q(kind__in=("amber", "red")) | ~Q(reason=""),
                name="urging_manual_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def audit_region_path(self) -> str:
        return self.region_path


def amber_share() -> float:
    return conf.amber_share()


# --- Signals ------------------------------------------------------------------------------------


def signal(case: Case, now: dt.datetime) -> str:
    """Green, amber or red for one case (see the module's docstring)."""
    if case.status not in WORKING or case.waiting_since is not None:
        return Signal.GREEN
    if case.is_overdue(now):
        return Signal.RED
    share = amber_share()
    for due, done in ((case.response_due, case.responded_at), (case.handling_due, None)):
        if due is not None and done is None and due - now < share * (due - case.received_at):
            return Signal.AMBER
    return Signal.GREEN


def _warning_point(field: str) -> Any:
    """When the signal turns amber for ``field``: the deadline less a share of its allowance."""
    allowance = ExpressionWrapper(F(field) - F("received_at"), output_field=DurationField())
    return ExpressionWrapper(F(field) - allowance * amber_share(), output_field=DurationField())


def red(cases: CaseQuerySet, now: dt.datetime) -> CaseQuerySet:
    return cases.filter(status__in=WORKING).overdue(now)


def amber(cases: CaseQuerySet, now: dt.datetime) -> CaseQuerySet:
    """Working cases past their warning point, not overdue, not waiting for the caller."""
    near = Q(responded_at__isnull=True, response_due__gte=now, response_warning__lte=now) | Q(
        handling_due__gte=now, handling_warning__lte=now
    )
    return (
        cases.filter(status__in=WORKING, waiting_since__isnull=True)
        .exclude(pk__in=cases.overdue(now).values("pk"))
        .alias(
            response_warning=_warning_point("response_due"),
            handling_warning=_warning_point("handling_due"),
        )
        .filter(near)
    )


# --- Urging -------------------------------------------------------------------------------------


def notify_unit(case: Case, urging: Urging) -> CaseEvent:
    """The case event the urged unit (or its head, at red) sees on the case.

    The notification follows the urging's audit entry after the commit
    (``hotline.notifications.urged``): the unit's staff hear of it, the head at red.
    """
    kind = EventKind.SUPERVISED if urging.kind == Urging.Kind.SUPERVISION else EventKind.URGED
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        at=urging.at,
        actor=urging.by,
        unit=urging.unit,
        note=urging.reason,
        data={"urging": urging.kind, "to_head": urging.kind == Urging.Kind.RED},
    )


def _urge(
    case: Case, kind: str, *, by: User | None, reason: str, now: dt.datetime | None = None
) -> Urging:
    """One urging of the case's lead unit, its event and its audit row (inside a transaction)."""
    assert case.lead_unit is not None
    urging = Urging.objects.create(
        case=case,
        unit=case.lead_unit,
        kind=kind,
        reason=reason,
        by=by,
        at=now or timezone.now(),
        region_path=case.region_path,
    )
    notify_unit(case, urging)
    record(
        action=f"hotline.urge_{kind}",
        target=case,
        actor=by,
        after={"unit": case.lead_unit.code, "kind": kind},
        note=reason[:200],
    )
    return urging


def urge_case(*, actor: User, case: Case, reason: str, supervision: bool = False) -> Urging:
    """The dispatcher or the district urges the lead unit, or orders supervision, with a reason."""
    access.require(actor, "hotline.urge_case", case)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is urged.")})
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",)).select_related("lead_unit").get(pk=case.pk)
        )
        if case.status not in WITH_UNIT or case.lead_unit is None:
            raise ValidationError(_("Only a case in a unit's hands can be urged."))
        kind = Urging.Kind.SUPERVISION if supervision else Urging.Kind.URGING
        return _urge(case, kind, by=actor, reason=reason.strip())


def urge_due_cases(*, now: dt.datetime | None = None) -> Counter[str]:
    """The automatic urgings: amber to the lead unit, red to its head, each once per unit."""
    now = now or timezone.now()
    done: Counter[str] = Counter()
    everything: CaseQuerySet = Case.objects.all()
    for kind, found in (
        (Urging.Kind.RED, red(everything, now)),
        (Urging.Kind.AMBER, amber(everything, now)),
    ):
        already = Urging.objects.filter(
            kind=kind, case_id=models.OuterRef("pk"), unit_id=models.OuterRef("lead_unit_id")
        )
        for case in (
            found.exclude(models.Exists(already)).select_related("lead_unit").order_by("pk")
        ):
            with transaction.atomic():
                _urge(case, kind, by=None, reason="", now=now)
            done[kind] += 1
    return done


@schedule.every(name="hotline.urge_cases", minutes=15)
def urge_cases_periodically() -> None:
    urge_due_cases()


# --- The unit's record --------------------------------------------------------------------------


def counts_by_unit(start: dt.datetime, end: dt.datetime, **filters: Any) -> dict[int, Counter[str]]:
    """Urgings per unit and kind received from ``start`` to ``end``."""
    rows = (
        Urging.objects.filter(at__gte=start, at__lt=end, **filters)
        .values_list("unit_id", "kind")
        .annotate(n=models.Count("id"))
    )
    found: dict[int, Counter[str]] = {}
    for unit_id, kind, n in rows:
        found.setdefault(unit_id, Counter())[kind] = n
    return found
