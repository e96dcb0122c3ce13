"""Every change to the knowledge base, and the answer given on the call from an article."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.hotline import actions
from minsheng.hotline.actions import cases as case_actions
from minsheng.hotline.knowledge import search
from minsheng.hotline.knowledge.models import Article, ArticleUse, ArticleVersion
from minsheng.hotline.models import Case, CaseEvent, Category, Kind, Result, Status
from minsheng.people.models import Organisation, User
from minsheng.people.roles import Role
from minsheng.regions.models import Region


def save_article(
    *,
    actor: User | None,
    article: Article | None = None,
    title: str,
    body: str,
    owner: Organisation,
    title_en: str = "",
    kind: str = Article.Kind.POLICY,
    category: Category | None = None,
    regions: Iterable[Region] = (),
    keywords: str = "",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    reviewed_on: dt.date | None = None,
    review_due: dt.date | None = None,
    note: str = "",
) -> Article:
    """A new article, or a new version of one: the text is never edited in place.

    ``actor`` None is the demo loader. The city administrator writes any article; a unit's staff
    only their own unit's.
    """
    if actor is not None:
        _require_writer(actor, article, owner)
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the article a title.")
    if not body.strip():
        errors["body"] = _("Write the answer.")
    if valid_from and valid_until and valid_until < valid_from:
        errors["valid_until"] = _("The article cannot expire before it is valid.")
    if errors:
        raise ValidationError(errors)
    reviewed_on = reviewed_on or timezone.localdate()
    fields = {
        "title": title.strip()[:200],
        "title_en": title_en.strip()[:300],
        "kind": kind,
        "category": category,
        "owner": owner,
        "keywords": keywords.strip()[:300],
        "valid_from": valid_from,
        "valid_until": valid_until,
        "body": body.strip(),
        "review_due": review_due,
    }
    with transaction.atomic():
        if article is None:
            article = Article.objects.create(**fields, version=1)
            before = None
        else:
            article = Article.objects.select_for_update().get(pk=article.pk)
            before = {"version": article.version, "title": article.title}
            for name, value in fields.items():
                setattr(article, name, value)
            article.version += 1
            article.save()
        article.regions.set(list(regions))
        ArticleVersion.objects.create(
            article=article,
            number=article.version,
            title=article.title,
            body=article.body,
            reviewed_on=reviewed_on,
            review_due=review_due,
            note=note.strip()[:300],
            created_by=actor,
        )
        search.reindex(article)
        record(
            action="hotline.save_article",
            target=article,
            actor=actor,
            before=before,
            after={"version": article.version, "title": article.title, "owner": owner.code},
            note=note.strip()[:200],
        )
    return article


def _require_writer(actor: User, article: Article | None, owner: Organisation) -> None:
    access.require(actor, "hotline.change_article" if article else "hotline.add_article")
    if access.can(actor, "hotline.add_article", Region.objects.get(level=Region.Level.CITY)):
        return  # the city administrator
    mine = set(
        actor.role_assignments.filter(
            role__in=(Role.UNIT_STAFF, Role.DEPARTMENT_STAFF)
        ).values_list("organisation_id", flat=True)
    )
    owners = {owner.pk} | ({article.owner_id} if article else set())
    if not owners <= mine:
        raise PermissionDenied(_("Only the owner unit edits its articles."))


def record_use(*, article: Article, case: Case, kind: str, actor: User | None) -> bool:
    """Note that the article served the case (once per kind); True if it is new."""
    try:
        with transaction.atomic():
            ArticleUse.objects.create(
                article=article,
                case=case,
                kind=kind,
                category=case.category,
                by=actor,
                at=timezone.now(),
            )
    except IntegrityError:
        return False
    Article.objects.filter(pk=article.pk).update(uses=F("uses") + 1)
    return True


def cite_article(*, actor: User, case: Case, article: Article) -> bool:
    """Someone working on the case used the article (a unit replying, the dispatcher)."""
    access.require(actor, "hotline.view_case", case)
    access.require(actor, "hotline.view_article")
    with transaction.atomic():
        return record_use(article=article, case=case, kind=ArticleUse.Kind.CITED, actor=actor)


def answer_on_call(*, actor: User, article: Article, **received: Any) -> Case:
    """A consultation answered on the call from ``article``: received and closed at once.

    ``received`` are the arguments of ``actions.receive_case``. The case is a consultation; its
    result says what was answered, and the article is recorded with it (the dashboard counts the
    calls answered so).
    """
    access.require(actor, "hotline.view_article")
    if not article.is_valid_on(timezone.localdate()):
        raise ValidationError(_("This article is not valid today: it cannot be the answer."))
    received["kind"] = Kind.CONSULTATION
    with transaction.atomic():
        case = actions.receive_case(actor=actor, **received)
        case = case_actions._locked(case)
        now = timezone.now()
        case.status = Status.CLOSED
        case.responded_at = case.handled_at = case.closed_at = max(now, case.received_at)
        case.result = Result.RESOLVED
        case.resolution = _("Answered on the call: %(title)s") % {"title": article.title}
        case.save()
        case_actions._event(
            case,
            CaseEvent.Kind.ANSWERED,
            actor=actor,
            from_status=Status.RECEIVED,
            to_status=Status.CLOSED,
            note=article.title,
            data={"article": article.pk, "version": article.version},
        )
        record_use(article=article, case=case, kind=ArticleUse.Kind.ANSWERED, actor=actor)
        record(
            action="hotline.answer_on_call",
            target=case,
            actor=actor,
            after={"article": article.pk, "version": article.version, "status": case.status},
        )
    return case


def answered_on_call(start: dt.datetime, end: dt.datetime) -> int:
    """Calls answered on the call from an article from ``start`` to ``end``."""
    return ArticleUse.objects.filter(
        kind=ArticleUse.Kind.ANSWERED, at__gte=start, at__lt=end
    ).count()
