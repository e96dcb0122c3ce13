"""Recording a call quickly: what the call-taker sees while typing, and answering on the call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from minsheng import access
from minsheng.core.forms import attach_errors
from minsheng.core.http import AuthenticatedRequest
from minsheng.hotline import forms, intake_assist
from minsheng.hotline.knowledge import actions as knowledge
from minsheng.hotline.knowledge.models import Article
from minsheng.hotline.models import Category
from minsheng.regions.models import Region


@login_required
@require_GET
def assist(request: AuthenticatedRequest) -> JsonResponse:
    """JSON for the intake page's side panel (``intake_assist.assist``)."""
    access.require(request.user, "hotline.add_case")
    get = request.GET
    place = (
        Region.objects.filter(pk=get["place"]).first() if get.get("place", "").isdigit() else None
    )
    category = (
        Category.objects.filter(pk=get["category"]).first()
        if get.get("category", "").isdigit()
        else None
    )
    return JsonResponse(
        intake_assist.assist(
            user=request.user,
            content=get.get("content", "")[:4000],
            title=get.get("title", "")[:200],
            phone=get.get("phone", "")[:32],
            place=place,
            category=category,
        )
    )


@login_required
@require_POST
def lookup(request: AuthenticatedRequest) -> HttpResponse:
    """Without JavaScript: the form as typed, with what the side panel would show."""
    access.require(request.user, "hotline.add_case")
    form = forms.ReceiveForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    found = intake_assist.assist(
        user=request.user,
        content=request.POST.get("content", "")[:4000],
        title=request.POST.get("title", "")[:200],
        phone=request.POST.get("caller_phone", "")[:32],
        place=data.get("place"),
        category=data.get("category"),
    )
    return render(request, "hotline/receive.html", {"form": form, "assist": found})


@login_required
@require_POST
def answer_on_call(request: AuthenticatedRequest) -> HttpResponse:
    """The call-taker answered from an article: the consultation is recorded and closed."""
    access.require(request.user, "hotline.add_case")
    article = get_object_or_404(Article, pk=request.POST.get("article") or 0)
    form = forms.ReceiveForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        place: Region | None = data.pop("place")
        data.pop("kind", None)
        try:
            case = knowledge.answer_on_call(
                actor=request.user,
                article=article,
                district=place if place and place.level == Region.Level.DISTRICT else None,
                subdistrict=place if place and place.level == Region.Level.SUBDISTRICT else None,
                **data,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                _("Case %(number)s is recorded and closed: answered from “%(title)s”.")
                % {"number": case.number, "title": article.display_title},
            )
            return redirect("hotline:receive")
    return render(request, "hotline/receive.html", {"form": form})
