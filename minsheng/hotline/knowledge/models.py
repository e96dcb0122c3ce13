"""Articles with their versions and uses, and reply templates.

An article's current text is its latest :class:`ArticleVersion`; versions are never edited (a
new one is written instead), each with the day it was reviewed and the day it is to be reviewed
again. The article row keeps the searchable form of its current text (``search``, a ``tsvector``
of the words jieba finds, in PostgreSQL's ``simple`` configuration, under a GIN index).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from minsheng.core.i18n import english_active
from minsheng.hotline.models import Case, Category
from minsheng.people.models import Organisation, User
from minsheng.regions.models import Region


class ArticleQuerySet(models.QuerySet["Article"]):
    def valid_on(self, day: dt.date) -> ArticleQuerySet:
        return self.filter(Q(valid_from__lte=day) | Q(valid_from__isnull=True)).filter(
            Q(valid_until__gte=day) | Q(valid_until__isnull=True)
        )


class Article(models.Model):
    """A policy answer, a procedure or a contact, as call-takers and units use it."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("Policy answer")
        PROCEDURE = "procedure", _("Procedure")
        CONTACT = "contact", _("Contact")

    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.POLICY)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    regions = models.ManyToManyField(
        Region,
        verbose_name=_("applies in"),
        blank=True,
        related_name="+",
        help_text=_("None: all of Beijing."),
    )
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit that answers for the article and reviews it."),
    )
    keywords = models.CharField(
        _("caller's words"),
        max_length=300,
        blank=True,
        help_text=_("Other words callers use for this, separated by spaces."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    body = models.TextField(_("answer"))  # the latest version's text
    review_due = models.DateField(_("review by"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    search = SearchVectorField(null=True, editable=False)
    uses = models.PositiveIntegerField(_("uses"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        app_label = "hotline"
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")
        ordering = ["title"]
        indexes = [GinIndex(fields=["search"], name="article_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="article_validity_ordered",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="article_has_title"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title_en if english_active() and self.title_en else self.title

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class ArticleVersion(models.Model):
    """One version of an article's text. Append-only (a PostgreSQL trigger refuses changes)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title (Chinese)"), max_length=200)
    body = models.TextField(_("answer"))
    reviewed_on = models.DateField(_("reviewed on"))
    review_due = models.DateField(_("review by"), null=True, blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        app_label = "hotline"
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="articleversion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


class ArticleUse(models.Model):
    """An article used on a case: shown and opened, or the answer given on the call."""

    class Kind(models.TextChoices):
        ANSWERED = "answered", _("The caller was answered from it on the call")
        CITED = "cited", _("Cited on the case")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="used_on"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="articles_used"
    )
    kind = models.CharField(_("use"), max_length=12, choices=Kind)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        User,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"))

    class Meta:
        app_label = "hotline"
        verbose_name = _("article use")
        verbose_name_plural = _("article uses")
        indexes = [
            models.Index(fields=["kind", "at"], name="articleuse_kind_at"),
            models.Index(fields=["category", "article"], name="articleuse_category"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "case", "kind"], name="articleuse_once")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} {self.kind} {self.case_id}"


class ReplyTemplate(models.Model):
    """A reply a handling unit starts from, per category, with placeholders filled from the case.

    Placeholders: ``{caller}`` (the caller's masked name), ``{number}``, ``{received}`` (day),
    ``{place}``, ``{unit}`` (the lead unit), ``{category}``. The unit edits the text before
    sending it.
    """

    title = models.CharField(_("name"), max_length=120)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: any category. A category covers its sub-categories."),
    )
    unit = models.ForeignKey(
        Organisation,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: every unit may use it."),
    )
    text = models.TextField(
        _("text"),
        help_text=_("Placeholders: {caller}, {number}, {received}, {place}, {unit}, {category}."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        app_label = "hotline"
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["category__code", "title"]

    def __str__(self) -> str:
        return self.title
