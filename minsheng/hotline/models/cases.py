"""Cases (工单), their append-only history and the category taxonomy (dispatch rules and partner
keys are in ``rules``, the monthly assessment tables in ``stats``).

A case's columns (status, unit, milestones) are the current state; :class:`CaseEvent` rows are the
history they were derived from. Both change only through ``hotline.actions`` (or the importer),
which write them in one transaction; PostgreSQL refuses edits of events and illegal status moves.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, HashIndex
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils.translation import gettext_lazy as _

from minsheng.cases.categories import top_code
from minsheng.core.fields import EncryptedTextField
from minsheng.core.i18n import BilingualNameMixin
from minsheng.people.models import Organisation, User
from minsheng.regions.models import Region

CALLER_ID_PURPOSE = "hotline-caller"
CALLER_PHONE_PURPOSE = "mobile"  # same purpose as people.User: a caller can be matched to a person


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WEB = "web", _("Website")
    APP = "app", _("App")
    MINI_PROGRAM = "mini_program", _("Mini-program")
    MESSAGE_BOARD = "message_board", _("Message board")
    OTHER = "other", _("Other")


class Kind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    HELP = "help", _("Request for help")
    COMPLAINT = "complaint", _("Complaint")
    REPORT = "report", _("Report")
    SUGGESTION = "suggestion", _("Suggestion")
    PRAISE = "praise", _("Praise")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    EMERGENCY = "emergency", _("Emergency")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received, awaiting dispatch")
    RETURNED = "returned", _("Returned by the unit, awaiting re-dispatch")
    DISPATCHED = "dispatched", _("Dispatched, awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted by the unit")
    RESPONDED = "responded", _("Caller contacted")
    HANDLED = "handled", _("Handled, awaiting call-back")
    CLOSED = "closed", _("Closed")
    MERGED = "merged", _("Merged into another case (duplicate)")


OPEN_STATUSES = (
    Status.RECEIVED,
    Status.RETURNED,
    Status.DISPATCHED,
    Status.ACCEPTED,
    Status.RESPONDED,
    Status.HANDLED,
)
# Statuses in which a handling unit holds the case.
WITH_UNIT = (Status.DISPATCHED, Status.ACCEPTED, Status.RESPONDED, Status.HANDLED)


class Result(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    PARTLY_RESOLVED = "partly_resolved", _("Partly resolved")
    NOT_RESOLVED = "not_resolved", _("Not resolved")
    EXPLAINED = "explained", _("Explained (e.g. outside policy)")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    NO_ANSWER = "no_answer", _("No answer")


class Rating(models.TextChoices):
    """The resident's five-level answer to the online survey (五级满意度)."""

    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    NEUTRAL = "neutral", _("Basically satisfied (neutral)")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    VERY_DISSATISFIED = "very_dissatisfied", _("Very dissatisfied")


# The rates count three levels, as the telephone call-back records them: each of the five online
# answers counts as one of those, so an online answer weighs exactly as the same answer by phone.
RATING_SATISFACTION: dict[str, str] = {
    Rating.VERY_SATISFIED: Satisfaction.SATISFIED,
    Rating.SATISFIED: Satisfaction.SATISFIED,
    Rating.NEUTRAL: Satisfaction.BASICALLY_SATISFIED,
    Rating.DISSATISFIED: Satisfaction.DISSATISFIED,
    Rating.VERY_DISSATISFIED: Satisfaction.DISSATISFIED,
}


def _rating_counts() -> Q:
    """Each five-level answer with the one three-level answer it counts as."""
    levels: dict[str, list[str]] = {}
    for rating, satisfaction in RATING_SATISFACTION.items():
        levels.setdefault(str(satisfaction), []).append(str(rating))
    condition = Q()
    for satisfaction, ratings in levels.items():
        condition |= Q(data__rating__in=ratings, data__satisfaction=satisfaction)
    return condition


class CategoryQuerySet(models.QuerySet["Category"]):
    def within(self, category: Category) -> CategoryQuerySet:
        return self.filter(code__startswith=category.code)

    def leaves(self) -> CategoryQuerySet:
        return self.filter(level=3)


class Category(BilingualNameMixin, models.Model):
    """A node of the three-level taxonomy; a child's code extends its parent's (01, 0101, 010101)."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("Chinese name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(_("level"))
    is_active = models.BooleanField(_("active"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")
        ordering = ["code"]
        indexes = [
            models.Index(
                fields=["code"], name="category_code_prefix", opclasses=["varchar_pattern_ops"]
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="category_level"),
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                name="category_parent_by_level",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def top_code(self) -> str:
        return top_code(self.code)


# The overlapping pairs of characters of a case's title, request and address, upper-cased: the
# expression of the index ``case_text_pairs`` (migration ``0015_case_text_pairs``).
TEXT_PAIRS = Func(
    F("title"),
    F("content"),
    F("address"),
    function="hotline_case_text_pairs",
    output_field=ArrayField(models.TextField()),
)
# Searched words shorter than this are looked for only as a case number: the index has pairs.
SEARCH_WORDS_MIN_LENGTH = 2


class CaseQuerySet(models.QuerySet["Case"]):
    def matching(self, words: str) -> CaseQuerySet:
        """The cases numbered ``words``, or whose title, request or address holds them (in any
        case of letters); one character alone only as a number (no index serves it).

        The index of the texts' character pairs finds the cases that hold every pair of the
        words, and the ``LIKE`` keeps those that hold the words themselves. Where cases are read
        in another order (``hotline.search``), the ``LIKE`` comes first: it is the cheaper.
        """
        if len(words) < SEARCH_WORDS_MIN_LENGTH:
            return self.filter(number=words)
        pairs = Func(
            Value(words),
            function="hotline_search_pairs",
            output_field=ArrayField(models.TextField()),
        )
        in_text = (
            Q(title__icontains=words) | Q(content__icontains=words) | Q(address__icontains=words)
        )
        return self.alias(text_pairs=TEXT_PAIRS).filter(
            Q(number=words) | (in_text & Q(text_pairs__contains=pairs))
        )

    def open(self) -> CaseQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def awaiting_dispatch(self) -> CaseQuerySet:
        return self.filter(status__in=(Status.RECEIVED, Status.RETURNED))

    def overdue(self, now: dt.datetime) -> CaseQuerySet:
        """Open cases past their handling deadline, or not yet responded past the response one.

        A case waiting for the caller is not overdue: its clock stands still (``waiting``).
        """
        return self.filter(status__in=WITH_UNIT, waiting_since__isnull=True).filter(
            Q(handling_due__lt=now, handled_at__isnull=True)
            | Q(response_due__lt=now, responded_at__isnull=True)
        )

    def for_unit(self, organisation: Organisation) -> CaseQuerySet:
        return self.filter(Q(lead_unit=organisation) | Q(cooperating__organisation=organisation))


class Case(models.Model):
    """A request received by the hotline (工单)."""

    # Unique by a constraint below: a plain index, without the LIKE twin of ``unique=True``.
    number = models.CharField(_("case number"), max_length=64)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel, default=Channel.PHONE)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.COMPLAINT)
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency, default=Urgency.NORMAL)

    # The caller: clear values only encrypted; keyed hashes recognise repeat callers (indexed
    # below by hash indexes: looked up only by equality).
    caller_key_hash = models.CharField(max_length=64, blank=True, editable=False)
    caller_key_masked = models.CharField(_("caller id"), max_length=32, blank=True)
    caller_name = EncryptedTextField(_("caller's name"), blank=True)
    caller_name_masked = models.CharField(_("caller's name"), max_length=32, blank=True)
    caller_phone = EncryptedTextField(_("caller's phone"), blank=True)
    caller_phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    caller_phone_masked = models.CharField(_("caller's phone"), max_length=32, blank=True)

    title = models.CharField(_("title"), max_length=200, blank=True)
    content = models.TextField(_("request"))

    # Cases are found by region through ``region_path`` (indexed), not by these keys.
    district = models.ForeignKey(
        Region,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    subdistrict = models.ForeignKey(
        Region,
        verbose_name=_("sub-district or township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    community = models.ForeignKey(
        Region,
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # The community as given, when it is not (yet) in the region tree.
    community_name = models.CharField(_("community"), max_length=100, blank=True)
    region_path = models.CharField(max_length=64, blank=True, editable=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,
    )
    # Indexed with the status (``case_unit_status``), which serves look-ups by unit too.
    lead_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_cases",
        db_index=False,
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.RECEIVED)
    response_due = models.DateTimeField(_("respond by"), null=True, blank=True)
    handling_due = models.DateTimeField(_("handle by"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("first dispatched at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Set while the unit waits for the caller: the deadlines stand still (``hotline.waiting``).
    waiting_since = models.DateTimeField(_("waiting for the caller since"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=Result, blank=True)
    resolution = models.TextField(_("what was done"), blank=True)
    callback_resolved = models.BooleanField(_("resolved, says the caller"), null=True, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction, blank=True
    )

    master = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        db_index=False,
    )
    excluded = models.BooleanField(
        _("excluded from assessment"),
        default=False,
        help_text=_("An unreasonable demand, excluded from the rates by an administrator."),
    )
    exclusion_reason = models.CharField(_("reason for exclusion"), max_length=300, blank=True)
    # Reported without a name (and, for the kinds that allow it, without a phone). A default in
    # the database too: the importer writes its own list of columns.
    anonymous = models.BooleanField(_("anonymous"), default=False, db_default=False)

    extra = models.JSONField(_("other columns"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=16, default="hotline")
    # NULL, not "": unique among the cases that have one (a partial unique index below).
    open311_token = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001
    # A keyed hash of the file row a case was last imported from: the same row again is skipped.
    import_digest = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(
                fields=["region_path"], name="case_region_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["status", "received_at"], name="case_status_received"),
            models.Index(fields=["lead_unit", "status"], name="case_unit_status"),
            # Deadlines still pending: the overdue counts and lists, and the months whose rates a
            # passing deadline changes (``stats.changed_months``). Partial: closed cases, nearly
            # all of them, have their answer and result and are left out.
            models.Index(
                fields=["response_due"],
                name="case_response_pending",
                condition=Q(responded_at__isnull=True, response_due__isnull=False),
            ),
            models.Index(
                fields=["handling_due"],
                name="case_handling_pending",
                condition=Q(handled_at__isnull=True, handling_due__isnull=False),
            ),
            # The cases a unit holds whose clock runs: the overdue counts and lists read this
            # index alone (the deadlines and times are in it), not the cases' rows.
            models.Index(
                fields=["handling_due"],
                name="case_overdue_watch",
                include=["response_due", "handled_at", "responded_at", "received_at"],
                condition=Q(status__in=WITH_UNIT, waiting_since__isnull=True),
            ),
            # Word search (``CaseQuerySet.matching``): the pairs of characters of the texts.
            GinIndex(TEXT_PAIRS, name="case_text_pairs"),
            # Few cases are duplicates: a partial index keeps bulk imports light.
            models.Index(fields=["master"], name="case_master", condition=Q(master__isnull=False)),
            # Hash indexes: a quarter of the cost of a B-tree of 64-digit keys on bulk imports.
            HashIndex(
                fields=["caller_key_hash"], name="case_caller_key", condition=~Q(caller_key_hash="")
            ),
            HashIndex(
                fields=["caller_phone_hash"],
                name="case_caller_phone",
                condition=~Q(caller_phone_hash=""),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="case_number_unique"),
            models.UniqueConstraint(
                fields=["open311_token"],
                condition=Q(open311_token__isnull=False),
                name="case_open311_token_unique",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="case_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="case_kind_valid"),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="case_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values), name="case_urgency_valid"
            ),
            models.CheckConstraint(
                condition=Q(result="") | Q(result__in=Result.values), name="case_result_valid"
            ),
            models.CheckConstraint(
                condition=Q(satisfaction="") | Q(satisfaction__in=Satisfaction.values),
                name="case_satisfaction_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=WITH_UNIT) | Q(lead_unit__isnull=False),
                name="case_unit_when_dispatched",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.MERGED) | Q(master__isnull=False),
                name="case_merged_has_master",
            ),
            models.CheckConstraint(condition=~Q(master=F("id")), name="case_not_own_master"),
            models.CheckConstraint(
                condition=~Q(status=Status.CLOSED) | Q(closed_at__isnull=False),
                name="case_closed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(responded_at__isnull=True) | Q(responded_at__gte=F("received_at")),
                name="case_responded_after_received",
            ),
            models.CheckConstraint(
                condition=Q(handled_at__isnull=True) | Q(handled_at__gte=F("received_at")),
                name="case_handled_after_received",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("received_at")),
                name="case_closed_after_received",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="case_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="case_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(excluded=False) | ~Q(exclusion_reason=""),
                name="case_exclusion_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(caller_name="", caller_name_masked=""),
                name="case_anonymous_has_no_name",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def audit_region_path(self) -> str:
        return self.region_path

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now: dt.datetime) -> bool:
        if self.status not in WITH_UNIT or self.waiting_since is not None:
            return False
        late_response = self.responded_at is None and self.response_due and self.response_due < now
        late_handling = self.handled_at is None and self.handling_due and self.handling_due < now
        return bool(late_response or late_handling)

    @property
    def without_caller(self) -> bool:
        """Nothing is known of the caller (an imported row without them, say)."""
        return not (self.caller_key_hash or self.caller_phone_hash or self.caller_name_masked)


class CoHandler(models.Model):
    """A cooperating unit (协办) of a case; the lead unit (主办) is ``Case.lead_unit``."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="cooperating"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("cooperating unit"),
        on_delete=models.PROTECT,
        related_name="cooperating_cases",
    )
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("cooperating unit")
        verbose_name_plural = _("cooperating units")
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="cohandler_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.organisation}"


class CaseEvent(models.Model):
    """One step in a case's history. Append-only (a PostgreSQL trigger refuses edits)."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        DISPATCHED = "dispatched", _("Dispatched")
        COOPERATION = "cooperation", _("Cooperating unit added")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned to the dispatcher")
        RESPONDED = "responded", _("Caller contacted")
        HANDLED = "handled", _("Result reported")
        SURVEYED = "surveyed", _("Call-back survey")
        REOPENED = "reopened", _("Reopened")
        CLOSED = "closed", _("Closed")
        MERGED = "merged", _("Merged as a duplicate")
        EXCLUDED = "excluded", _("Excluded from assessment")
        INCLUDED = "included", _("Included in assessment again")
        NOTE = "note", _("Note")
        IMPORTED = "imported", _("History imported")
        CORRECTED = "corrected", _("Corrected by the dispatcher")
        WAITING = "waiting", _("Waiting for the caller: the clock stops")
        RESUMED = "resumed", _("The clock runs again")
        URGED = "urged", _("Urged")
        SUPERVISED = "supervised", _("Supervision order")
        ANSWERED = "answered", _("Answered on the call from the knowledge base")
        SUPPLEMENTED = "supplemented", _("Information added by the caller")

    # (case, kind) is indexed below; no other index, so that bulk imports stay fast.
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="events",
        db_index=False,
    )
    kind = models.CharField(_("event"), max_length=16, choices=Kind)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        User,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "kind"], name="caseevent_case_kind")]
        constraints = [
            # An online answer's five levels count as the three of the rates, and only so.
            models.CheckConstraint(
                condition=~Q(kind="surveyed") | ~Q(data__has_key="rating") | _rating_counts(),
                name="caseevent_rating_counts_as_satisfaction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class CaseNumberDay(models.Model):
    """The last case number given on a day: numbers are ``YYYYMMDD`` and a six-digit sequence.

    ``hotline.actions.next_number`` takes the next one under this row's lock; it continues after
    the highest number of the same form already there (imported files use the same form).
    """

    day = models.CharField(_("day"), max_length=8, primary_key=True)
    last = models.PositiveIntegerField(_("last sequence number"))

    class Meta:
        verbose_name = _("case numbers of a day")
        verbose_name_plural = _("case numbers of the days")
        constraints = [
            models.CheckConstraint(
                condition=Q(last__gte=1, last__lte=999_999), name="casenumberday_six_digits"
            ),
            models.CheckConstraint(
                condition=Q(day__regex=r"^[0-9]{8}$"), name="casenumberday_day_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"
