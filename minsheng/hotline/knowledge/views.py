"""The knowledge base's pages: search, an article with its versions, writing an article."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.core.forms import apply_form
from minsheng.core.http import AuthenticatedRequest
from minsheng.hotline.knowledge import actions, search
from minsheng.hotline.knowledge.forms import ArticleForm
from minsheng.hotline.knowledge.models import Article
from minsheng.hotline.models import Category


@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    access.require(request.user, "hotline.view_article")
    words = request.GET.get("q", "").strip()[:500]
    today = timezone.localdate()
    context: dict[str, Any] = {
        "q": words,
        "may_write": access.can(request.user, "hotline.add_article"),
        "today": today,
    }
    if words:
        context["found"] = search.search(words, limit=20)
    else:
        context["most_used"] = search.most_used(None, limit=10)
        context["by_category"] = _most_used_by_category()
        context["to_review"] = Article.objects.filter(review_due__lte=today).order_by("review_due")[
            :20
        ]
        context["articles"] = Article.objects.select_related("category", "owner").order_by(
            "category__code", "title"
        )
    return render(request, "hotline/knowledge/index.html", context)


def _most_used_by_category() -> list[tuple[Category, list[Article]]]:
    """Each top-level category with its three most used articles (those that have any)."""
    found = []
    for category in Category.objects.filter(level=1).order_by("code"):
        articles = search.most_used(category.code, limit=3)
        if articles:
            found.append((category, articles))
    return found


@login_required
def article(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    access.require(request.user, "hotline.view_article")
    found = get_object_or_404(Article.objects.select_related("category", "owner"), pk=pk)
    return render(
        request,
        "hotline/knowledge/article.html",
        {
            "article": found,
            "versions": found.versions.select_related("created_by"),
            "regions": found.regions.all(),
            "valid": found.is_valid_on(timezone.localdate()),
            "may_write": access.can(request.user, "hotline.change_article"),
        },
    )


@login_required
def edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    """A new article, or a new version of one."""
    found = get_object_or_404(Article, pk=pk) if pk else None
    access.require(request.user, "hotline.change_article" if found else "hotline.add_article")
    form = ArticleForm(request.POST) if request.method == "POST" else None
    saved = (
        apply_form(
            form, lambda data: actions.save_article(actor=request.user, article=found, **data)
        )
        if form is not None
        else None
    )
    if saved:
        messages.success(
            request, _("The article is saved as version %(n)s.") % {"n": saved.version}
        )
        return redirect("hotline:article", pk=saved.pk)
    if form is None:
        form = ArticleForm.for_article(found) if found else ArticleForm()
    return render(request, "hotline/knowledge/edit.html", {"form": form, "article": found})
